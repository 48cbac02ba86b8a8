package dev.tessera.auth.token;

import java.util.Optional;
import java.util.function.Function;

import dev.tessera.auth.trust.TrustedIssuer;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token issued on a partner's assertion ({@value PartnerSubject#PARTNER_CLAIM}) stays
 * active only while the trust it was issued under holds: its trusted issuer is still
 * registered, under the same registration ({@value PartnerSubject#TRUST_CLAIM}:
 * registering the issuer again does not revive them), and still allows the token's
 * client. Deleting a trusted issuer (a partner's identity provider compromised, a
 * contract ended) ends its tokens at once for introspection, revocation and the admin
 * API, not at their expiry.
 */
public final class PartnerTrustValidator implements OAuth2TokenValidator<Jwt> {

	private final Function<String, Optional<TrustedIssuer>> issuers;

	/**
	 * @param issuers the registration of an issuer identifier, as the directory has it
	 * now
	 */
	public PartnerTrustValidator(Function<String, Optional<TrustedIssuer>> issuers) {
		this.issuers = issuers;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		String partner = jwt.getClaimAsString(PartnerSubject.PARTNER_CLAIM);
		if (partner == null) {
			return OAuth2TokenValidatorResult.success();
		}
		String clientId = jwt.getClaimAsString("client_id");
		String trustId = jwt.getClaimAsString(PartnerSubject.TRUST_CLAIM);
		boolean trusted = this.issuers.apply(partner)
			.map((issuer) -> issuer.id().toString().equals(trustId) && issuer.allowsClient(clientId))
			.orElse(false);
		return trusted ? OAuth2TokenValidatorResult.success() : AccessTokenValidators
			.failure("The token's trusted issuer is no longer registered, or no longer allows the token's client");
	}

}
