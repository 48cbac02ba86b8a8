package dev.tessera.auth.token;

import java.time.Clock;
import java.time.Instant;

import dev.tessera.auth.client.TesseraClientSettings;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Opaque refresh tokens of a {@link RefreshTokenFamily}, only for the authorizations a
 * person gave (never for client credentials or JWT bearer, which have no family). Each
 * lives the client's idle lifetime from its issue, and never past the family's absolute
 * lifetime counted from the code exchange that started it, so an unused family lapses and
 * a used one still ends.
 */
public class RefreshTokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

	private final Clock clock;

	public RefreshTokenGenerator(Clock clock) {
		this.clock = clock;
	}

	@Override
	public OAuth2RefreshToken generate(OAuth2TokenContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType()) || authorization == null
				|| StatelessAuthorizationService.STATELESS_GRANTS.contains(context.getAuthorizationGrantType())) {
			return null;
		}
		RegisteredClient client = context.getRegisteredClient();
		Instant now = this.clock.instant();
		Instant idleEnd = now.plus(TesseraClientSettings.refreshTokenIdle(client));
		Instant absoluteEnd = familyStart(authorization, now).plus(TesseraClientSettings.refreshTokenAbsolute(client));
		Instant expiresAt = idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd;
		if (!expiresAt.isAfter(now)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The authorization has reached its absolute lifetime; sign in again",
					"https://datatracker.ietf.org/doc/html/rfc6749#section-5.2"));
		}
		return new OAuth2RefreshToken(RefreshTokenFamily.newTokenValue(authorization.getId()), now, expiresAt);
	}

	/**
	 * When the family began: the code exchange, whose code stays on the authorization.
	 */
	private static Instant familyStart(OAuth2Authorization authorization, Instant now) {
		OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization.getToken(OAuth2AuthorizationCode.class);
		return (code != null && code.getToken().getIssuedAt() != null) ? code.getToken().getIssuedAt() : now;
	}

}
