package dev.tessera.auth.trust;

import java.util.Optional;

/**
 * The registered trusted issuers, looked up by the {@code iss} of an assertion on the
 * token path: answered from memory, refreshed when an admin changes a registration on any
 * node, so an exchange reads nothing from the database.
 */
public class TrustedIssuers {

	/** The registration of this issuer identifier (compared exactly), if any. */
	public Optional<TrustedIssuer> findByIssuer(String issuer) {
		throw new UnsupportedOperationException("not built yet"); // built in the trust
																	// directory change
	}

}
