package dev.tessera.auth.token;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientRecord;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Tessera keeps no authorization row per client-credentials token. Spring's
 * {@code save} after issuing is a no-op for them; {@code findByToken} rebuilds the
 * authorization from the JWT itself, after verifying it against the server's own keys
 * and checking with {@link TokenActivity} that it is still active (not revoked, its
 * client exists, is enabled and has made no security change since). Revocation
 * arrives as a {@code save} of an invalidated token, which puts its {@code jti} on the
 * deny list until it expires.
 *
 * <p>Grants that need server-side state (authorization code, refresh tokens) are not
 * served yet; they will get their own store behind this interface.
 */
public class StatelessAuthorizationService implements OAuth2AuthorizationService {

	private final TokenVerifier verifier;

	private final RevokedTokenRepository revoked;

	private final ClientDirectory clients;

	private final TokenActivity activity;

	private final Clock clock;

	public StatelessAuthorizationService(TokenVerifier verifier, RevokedTokenRepository revoked,
			ClientDirectory clients, TokenActivity activity, Clock clock) {
		this.verifier = verifier;
		this.revoked = revoked;
		this.clients = clients;
		this.activity = activity;
		this.clock = clock;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType())) {
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
			this.revoked.save(new RevokedToken(jti, String.valueOf(claims.get("client_id")), this.clock.instant(),
					expiresAt));
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
		Jwt jwt = this.verifier.verify(token);
		if (jwt == null || this.activity.inactiveReason(jwt).isPresent()) {
			return null;
		}
		RegisteredClient client = this.clients.findByClientId(jwt.getClaimAsString("client_id"))
			.map(ClientRecord::registeredClient)
			.orElse(null);
		if (client == null) {
			return null;
		}
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
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
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
