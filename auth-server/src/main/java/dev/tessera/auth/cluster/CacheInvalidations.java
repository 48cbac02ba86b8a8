package dev.tessera.auth.cluster;

/**
 * Tells every node sharing the database that something it caches has changed, so a
 * disabled client or a rotated key takes effect everywhere within milliseconds rather
 * than at the next periodic refresh (which stays as the safety net).
 */
public interface CacheInvalidations {

	/** Sent with the surrounding transaction's commit (or at once outside one). */
	void clientChanged(String clientId);

	void keysChanged();

	/** A trusted issuer was registered, changed or removed. */
	void trustedIssuersChanged();

}
