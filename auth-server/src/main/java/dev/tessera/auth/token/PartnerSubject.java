package dev.tessera.auth.token;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * The principal of a token issued on a partner's assertion (the JWT-bearer grant): its
 * name becomes the token's {@code sub} (Spring's generator takes the principal's name),
 * and {@link AccessTokenCustomizer} names the partner in the claim
 * {@value #PARTNER_CLAIM} (and its registration in {@value #TRUST_CLAIM}), so a resource
 * server can tell a delegated token from one a client got for itself.
 */
public final class PartnerSubject extends AbstractAuthenticationToken {

	/** The claim naming the trusted issuer whose assertion the token was issued on. */
	public static final String PARTNER_CLAIM = "tessera_partner";

	/**
	 * The claim holding the id of that issuer's registration, so a token outlives neither
	 * it nor a later registration of the same issuer ({@link PartnerTrustValidator}).
	 */
	public static final String TRUST_CLAIM = "tessera_trust";

	private final String subject;

	private final String partnerIssuer;

	private final String trustId;

	/**
	 * @param subject the token's subject (the assertion's, with the issuer's prefix)
	 * @param partnerIssuer the trusted issuer's identifier
	 * @param trustId the id of the trusted issuer's registration
	 */
	public PartnerSubject(String subject, String partnerIssuer, String trustId) {
		super(List.of());
		this.subject = subject;
		this.partnerIssuer = partnerIssuer;
		this.trustId = trustId;
		setAuthenticated(true);
	}

	@Override
	public String getName() {
		return this.subject;
	}

	@Override
	public Object getPrincipal() {
		return this.subject;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	public String partnerIssuer() {
		return this.partnerIssuer;
	}

	public String trustId() {
		return this.trustId;
	}

}
