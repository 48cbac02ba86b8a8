package dev.tessera.auth.token;

import java.util.List;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The admin API's audience rule: {@code aud} is exactly the issuer. Admin tokens are
 * always issued that way (see {@link AudienceResolver}), so a token that names any other
 * audience was meant for some other API as well and is not taken here.
 */
public final class IssuerAudienceValidator implements OAuth2TokenValidator<Jwt> {

	private final String issuer;

	public IssuerAudienceValidator(String issuer) {
		this.issuer = issuer;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		List<String> audience = jwt.getAudience();
		if (audience != null && audience.equals(List.of(this.issuer))) {
			return OAuth2TokenValidatorResult.success();
		}
		return AccessTokenValidators.failure("The token's aud " + audience + " is not the issuer " + this.issuer
				+ " alone: the admin API takes only tokens addressed to it, which a client "
				+ "gets by requesting its admin scopes alone, without other scopes");
	}

}
