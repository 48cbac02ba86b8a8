package dev.tessera.auth.token;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Tessera keeps no authorization row per client-credentials or JWT-bearer token. Spring's
 * {@code save} after issuing is a no-op for them; {@code findByToken} rebuilds the
 * authorization from the JWT itself once {@link ActiveAccessTokens} has found it active
 * (this server's, not revoked, its client exists, is enabled and has made no security
 * change since), with the client that check looked up. Revocation arrives as a
 * {@code save} of an invalidated token, which puts its {@code jti} on the deny list until
 * it expires.
 *
 * <p>
 * What people authorize (codes, refresh token families, ID tokens) is kept by
 * {@link HashedAuthorizationService}; {@link TesseraAuthorizationService} routes between
 * the two. Access tokens of every grant are checked here.
 */
public class StatelessAuthorizationService implements OAuth2AuthorizationService {

	/** The grants whose tokens need no server-side state. */
	static final Set<AuthorizationGrantType> STATELESS_GRANTS = Set.of(AuthorizationGrantType.CLIENT_CREDENTIALS,
			AuthorizationGrantType.JWT_BEARER);

	private final ActiveAccessTokens tokens;

	private final RevokedTokenRepository revoked;

	private final Clock clock;

	public StatelessAuthorizationService(ActiveAccessTokens tokens, RevokedTokenRepository revoked, Clock clock) {
		this.tokens = tokens;
		this.revoked = revoked;
		this.clock = clock;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		if (!STATELESS_GRANTS.contains(authorization.getAuthorizationGrantType())) {
			throw new UnsupportedOperationException(
					"Only stateless grants are served: " + authorization.getAuthorizationGrantType().getValue());
		}
		OAuth2Authorization.Token<OAuth2AccessToken> token = authorization.getAccessToken();
		if (token == null || !token.isInvalidated()) {
			return; // a freshly issued token: nothing is stored
		}
		Map<String, Object> claims = token.getClaims();
		String jti = (claims != null) ? (String) claims.get("jti") : null;
		Instant expiresAt = token.getToken().getExpiresAt();
		if (jti != null && expiresAt != null && !this.revoked.existsById(jti)) {
			this.revoked
				.save(new RevokedToken(jti, String.valueOf(claims.get("client_id")), this.clock.instant(), expiresAt));
		}
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		// nothing is stored per client-credentials token
	}

	@Override
	public OAuth2Authorization findById(String id) {
		return null;
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		ActiveAccessTokens.ActiveAccessToken active;
		try {
			active = this.tokens.verify(token);
		}
		catch (JwtException ex) {
			return null; // not active: introspection answers {"active": false},
							// revocation does nothing
		}
		Jwt jwt = active.jwt();
		RegisteredClient client = active.client().registeredClient();
		Set<String> scopes = scopes(jwt);
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token,
				jwt.getIssuedAt(), jwt.getExpiresAt(), scopes);
		Map<String, Object> claims = new java.util.HashMap<>(jwt.getClaims());
		if (!scopes.isEmpty()) {
			claims.put("scope", new ArrayList<>(scopes));
		}
		return OAuth2Authorization.withRegisteredClient(client)
			.id(jwt.getId())
			.principalName(jwt.getSubject())
			.authorizationGrantType((jwt.getClaim(PartnerSubject.PARTNER_CLAIM) != null)
					? AuthorizationGrantType.JWT_BEARER : AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizedScopes(scopes)
			.token(accessToken, metadata -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims))
			.build();
	}

	private static Set<String> scopes(Jwt jwt) {
		String scope = jwt.getClaimAsString("scope");
		if (scope == null || scope.isBlank()) {
			return Set.of();
		}
		return new HashSet<>(List.of(scope.trim().split("\\s+")));
	}

}
