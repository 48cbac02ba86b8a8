package dev.tessera.auth.cluster;

/**
 * What a feature that caches shared state does when another node says it changed. Each
 * feature registers its own listener bean, so the cluster package knows no feature.
 */
public interface CacheInvalidationListener {

	/** Another node changed this client. */
	default void clientChanged(String clientId) {
	}

	/** Another node changed the signing keys. */
	default void keysChanged() {
	}

	/** Another node changed a trusted issuer (the JWT-bearer grant's partners). */
	default void trustedIssuersChanged() {
	}

	/**
	 * Messages may have been missed (the listening connection was lost): drop everything
	 * cached.
	 */
	void missedMessages();

}
