package dev.tessera.auth.token;

import java.util.Optional;

import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.client.TokensNotBefore;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token is active only while its client is: the client still exists, is enabled, and
 * has made no security change since the snapshot the token was issued from (its
 * {@value TokensNotBefore#CLAIM} claim, see {@link TokensNotBefore}). Made per token with
 * the client already looked up, so the caller that needs the client afterwards
 * (introspection) reads the directory once.
 */
public final class ClientActivityValidator implements OAuth2TokenValidator<Jwt> {

	private final Optional<ClientRecord> client;

	/**
	 * @param client the token's client as the directory knows it now; empty when there is
	 * none
	 */
	public ClientActivityValidator(Optional<ClientRecord> client) {
		this.client = client;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		if (this.client.isEmpty()) {
			return AccessTokenValidators.failure("The token's client no longer exists");
		}
		if (!this.client.get().enabled()) {
			return AccessTokenValidators.failure("The token's client is disabled");
		}
		if (TokensNotBefore.predates(jwt.getClaim(TokensNotBefore.CLAIM), jwt.getIssuedAt(),
				this.client.get().registeredClient())) {
			return AccessTokenValidators.failure("The token was issued before the client's last security change "
					+ "(disabled, scopes removed, credentials or keys changed): request a new token");
		}
		return OAuth2TokenValidatorResult.success();
	}

}
