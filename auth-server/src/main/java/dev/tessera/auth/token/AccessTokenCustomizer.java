package dev.tessera.auth.token;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.client.TokensNotBefore;
import dev.tessera.auth.key.SigningKeys;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes access tokens as RFC 9068 asks, where Spring's defaults differ: header
 * {@code typ: at+jwt} and the active key's algorithm; {@code aud} as
 * {@link AudienceResolver} decides (the request was already checked against the same
 * rule by {@link TokenRequestAudienceValidator}) instead of the client_id; a
 * {@code client_id} claim; {@code scope} as one space-separated string, absent when no
 * scope was granted; {@code iat} in whole seconds and never before the client's
 * {@link TokensNotBefore} time, so a token issued in the second of a security change
 * but after it stays valid. {@code iss}, {@code sub}, {@code exp} and a random
 * {@code jti} come from Spring's generator.
 */
public class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String RESOURCE = "resource";

	private final SigningKeys keys;

	private final AudienceResolver audiences;

	public AccessTokenCustomizer(SigningKeys keys, AudienceResolver audiences) {
		this.keys = keys;
		this.audiences = audiences;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		RegisteredClient client = context.getRegisteredClient();
		context.getJwsHeader()
			.algorithm(SignatureAlgorithm.from(this.keys.current().signingAlgorithm().getName()))
			.type("at+jwt");
		Object resource = null;
		if (context.getAuthorizationGrant() instanceof OAuth2AuthorizationGrantAuthenticationToken grant) {
			Map<String, Object> parameters = grant.getAdditionalParameters();
			resource = parameters.get(RESOURCE);
		}
		Set<String> scopes = context.getAuthorizedScopes();
		context.getClaims()
			.audience(this.audiences.resolve(client.getClientId(), TesseraClientSettings.audiences(client), resource,
					scopes))
			.claim("client_id", client.getClientId())
			.claims(claims -> {
				Object generated = claims.get(JwtClaimNames.IAT);
				Instant now = (generated instanceof Instant instant) ? instant : Instant.now();
				claims.put(JwtClaimNames.IAT, TokensNotBefore.issuedAt(now, client));
				if (scopes.isEmpty()) {
					claims.remove("scope");
				}
				else {
					claims.put("scope", String.join(" ", scopes));
				}
			});
	}

}
