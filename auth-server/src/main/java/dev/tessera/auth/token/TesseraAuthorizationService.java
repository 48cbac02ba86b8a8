package dev.tessera.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The one {@link OAuth2AuthorizationService}: access tokens of every grant are
 * self-contained JWTs checked by {@link StatelessAuthorizationService} (client
 * credentials and JWT bearer keep nothing else); what a person authorized (codes, refresh
 * token families, ID tokens, consent states) is kept hashed by
 * {@link HashedAuthorizationService}. When a saved family has its refresh or access token
 * invalidated (revocation, a reused code), the family goes on the deny list too, so every
 * access token it issued is inactive, not only the latest.
 */
public class TesseraAuthorizationService implements OAuth2AuthorizationService {

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private final StatelessAuthorizationService stateless;

	private final HashedAuthorizationService families;

	private final RevokedTokenRepository revoked;

	private final TransactionOperations transactions;

	private final Clock clock;

	private final Duration maxAccessTokenTtl;

	public TesseraAuthorizationService(StatelessAuthorizationService stateless, HashedAuthorizationService families,
			RevokedTokenRepository revoked, TransactionOperations transactions, Clock clock,
			Duration maxAccessTokenTtl) {
		this.stateless = stateless;
		this.families = families;
		this.revoked = revoked;
		this.transactions = transactions;
		this.clock = clock;
		this.maxAccessTokenTtl = maxAccessTokenTtl;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		if (StatelessAuthorizationService.STATELESS_GRANTS.contains(authorization.getAuthorizationGrantType())) {
			this.stateless.save(authorization);
			return;
		}
		this.transactions.executeWithoutResult(status -> {
			this.families.save(authorization);
			if (revoked(authorization)) {
				denyFamily(authorization);
			}
		});
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		if (!StatelessAuthorizationService.STATELESS_GRANTS.contains(authorization.getAuthorizationGrantType())) {
			this.families.remove(authorization);
		}
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return this.families.findById(id);
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		if (token == null) {
			return null;
		}
		if (OAuth2TokenType.ACCESS_TOKEN.equals(tokenType) || (tokenType == null && isJwt(token))) {
			return this.stateless.findByToken(token, OAuth2TokenType.ACCESS_TOKEN);
		}
		// no hint and no JWT: an opaque token here is a refresh token
		OAuth2TokenType type = (tokenType != null) ? tokenType : OAuth2TokenType.REFRESH_TOKEN;
		OAuth2Authorization found = this.families.findByToken(token, type);
		boolean expiring = OAuth2TokenType.REFRESH_TOKEN.equals(type) || CODE.equals(type);
		return (found != null && !(expiring && expired(found.getToken(token)))) ? found : null;
	}

	/**
	 * A code or refresh token past its expiry on the server's clock is not found, so
	 * every endpoint treats it alike. Spring checks expiry too, on the system clock,
	 * which is the server's in production; an invalidated token is still found, so that
	 * Spring can revoke what a reused code issued. ID tokens are not judged here:
	 * sign-out accepts an expired {@code id_token_hint}.
	 */
	private boolean expired(OAuth2Authorization.Token<?> token) {
		return token != null && !token.isInvalidated() && token.getToken().getExpiresAt() != null
				&& !this.clock.instant().isBefore(token.getToken().getExpiresAt());
	}

	/** Ends every access token of the family, whatever was revoked of it. */
	void denyFamily(OAuth2Authorization authorization) {
		String key = RefreshTokenFamily.denyListKey(authorization.getId());
		if (!this.revoked.existsById(key)) {
			Instant now = this.clock.instant();
			this.revoked.save(new RevokedToken(key, clientIdOf(authorization), now, now.plus(this.maxAccessTokenTtl)));
		}
	}

	private static boolean revoked(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2RefreshToken> refresh = authorization.getRefreshToken();
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		return (refresh != null && refresh.isInvalidated()) || (access != null && access.isInvalidated());
	}

	private static String clientIdOf(OAuth2Authorization authorization) {
		OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
		if (access != null && access.getClaims() != null && access.getClaims().get("client_id") != null) {
			return String.valueOf(access.getClaims().get("client_id"));
		}
		return authorization.getRegisteredClientId();
	}

	private static boolean isJwt(String token) {
		return token.chars().filter(c -> c == '.').count() == 2;
	}

}
