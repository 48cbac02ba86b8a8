package dev.tessera.bench;

import java.net.URI;

/**
 * The partner of the JWT-bearer scenario: an identity provider with its own RS256 key
 * pair whose public half it serves as a JWKS on a loopback port, the way a partner's
 * provider publishes its keys. Tessera registers it as a trusted issuer by that
 * {@code jwksUri} (plain http to loopback is allowed outside production mode) and fetches
 * the keys itself, under its egress rules and cache; the benchmark signs the partner's
 * assertions with the private half ({@link AssertionPool#forPartner}).
 */
final class PartnerIdentityProvider implements AutoCloseable {

	/** The partner's {@code iss}, as registered (Tessera compares it exactly). */
	static final String ISSUER = "https://partner.bench.test";

	/** The partner's user whose assertions the benchmark exchanges. */
	static final String SUBJECT = "bench-user";

	/** Put before the partner's subjects in Tessera's tokens. */
	static final String SUBJECT_PREFIX = "partner:";

	private final ClientKey key;

	private final ClientJwksServer jwks;

	private PartnerIdentityProvider(ClientKey key, ClientJwksServer jwks) {
		this.key = key;
		this.jwks = jwks;
	}

	/** A new key pair, its public JWKS served until {@link #close()}. */
	static PartnerIdentityProvider start() {
		ClientKey key = ClientKey.generate("RS256");
		return new PartnerIdentityProvider(key, ClientJwksServer.start(key));
	}

	ClientKey key() {
		return this.key;
	}

	URI jwksUri() {
		return this.jwks.uri();
	}

	/** Fresh assertions for the server whose token endpoint or issuer is the audience. */
	AssertionPool assertions(String audience) {
		return AssertionPool.forPartner(this.key, ISSUER, SUBJECT, audience);
	}

	@Override
	public void close() {
		this.jwks.close();
	}

	@Override
	public String toString() {
		return "the partner identity provider (JWKS at " + jwksUri() + ")";
	}

}
