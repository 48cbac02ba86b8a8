package dev.tessera.auth.token;

import java.util.function.Predicate;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A revoked token's {@code jti} is on the deny list until the token expires (see
 * {@link StatelessAuthorizationService#save}), and so is a revoked refresh token family
 * ({@link RefreshTokenFamily}), whose access tokens name it. The one check that reads a
 * table, so it runs last.
 */
public final class NotRevokedValidator implements OAuth2TokenValidator<Jwt> {

	private final Predicate<String> revoked;

	/**
	 * @param revoked whether a {@code jti} is on the deny list
	 */
	public NotRevokedValidator(Predicate<String> revoked) {
		this.revoked = revoked;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		if (jwt.getId() != null && this.revoked.test(jwt.getId())) {
			return AccessTokenValidators.failure("The token has been revoked");
		}
		String family = jwt.getClaimAsString(RefreshTokenFamily.CLAIM);
		if (family != null && this.revoked.test(RefreshTokenFamily.denyListKeyOfHandle(family))) {
			return AccessTokenValidators.failure("The authorization the token was issued on has been revoked");
		}
		return OAuth2TokenValidatorResult.success();
	}

}
