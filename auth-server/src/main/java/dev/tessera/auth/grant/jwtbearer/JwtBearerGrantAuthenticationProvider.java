package dev.tessera.auth.grant.jwtbearer;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.tessera.auth.audit.JoinedWrite;
import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.token.GrantAuditDetail;
import dev.tessera.auth.token.PartnerSubject;
import dev.tessera.auth.trust.TrustedIssuer;
import dev.tessera.auth.trust.UsedPartnerAssertions;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The JWT-bearer grant (RFC 7523 §2.1), in the shape of Spring's own grant providers: the
 * client must have authenticated (else {@code invalid_client}) and be registered for the
 * grant (else {@code unauthorized_client}); the partner's assertion is verified for that
 * client ({@link PartnerAssertionVerifier}: among other checks, the trusted issuer must
 * allow the client, else {@code invalid_grant}); the authentication validator checks
 * scopes and audience; then one access token is signed for the assertion's subject (with
 * the issuer's prefix, {@link PartnerSubject}). No refresh token, and nothing stored
 * here: the assertion's single use rides with the exchange's audit event (the result is a
 * {@link GrantAuditDetail}), so no token leaves before both are durable. Every refusal
 * carries the audit detail of the exchange ({@link PartnerAssertionRefusal}).
 */
public final class JwtBearerGrantAuthenticationProvider implements AuthenticationProvider {

	private final PartnerAssertionVerifier verifier;

	private final PartnerAssertionClaims claims;

	private final UsedPartnerAssertions usedAssertions;

	private final OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator;

	private Consumer<JwtBearerGrantAuthenticationContext> authenticationValidator = (context) -> {
	};

	public JwtBearerGrantAuthenticationProvider(PartnerAssertionVerifier verifier, PartnerAssertionClaims claims,
			UsedPartnerAssertions usedAssertions, OAuth2TokenGenerator<? extends OAuth2Token> tokenGenerator) {
		this.verifier = verifier;
		this.claims = claims;
		this.usedAssertions = usedAssertions;
		this.tokenGenerator = tokenGenerator;
	}

	/** The grant-specific checks run before a token is made (scopes, audience). */
	public void setAuthenticationValidator(Consumer<JwtBearerGrantAuthenticationContext> authenticationValidator) {
		this.authenticationValidator = authenticationValidator;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		JwtBearerGrantAuthenticationToken request = (JwtBearerGrantAuthenticationToken) authentication;
		OAuth2ClientAuthenticationToken clientPrincipal = authenticatedClient(request);
		RegisteredClient client = clientPrincipal.getRegisteredClient();
		if (!client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.JWT_BEARER)) {
			throw PartnerAssertionRefusal.of(
					new OAuth2Error(OAuth2ErrorCodes.UNAUTHORIZED_CLIENT,
							"the client is not registered for the jwt-bearer grant", null),
					PartnerAssertionVerifier.claimedParties(request.getAssertion()));
		}
		PartnerAssertion assertion = this.verifier.verify(request.getAssertion(), client.getClientId());
		TrustedIssuer issuer = assertion.trustedIssuer();
		Set<String> scopes = scopes(request, client, issuer);
		try {
			this.authenticationValidator.accept(JwtBearerGrantAuthenticationContext.with(request)
				.registeredClient(client)
				.assertion(assertion)
				.scopes(scopes)
				.build());
		}
		catch (OAuth2AuthenticationException ex) {
			throw PartnerAssertionRefusal.of(ex.getError(), assertion);
		}
		OAuth2TokenContext tokenContext = DefaultOAuth2TokenContext.builder()
			.registeredClient(client)
			.principal(new PartnerSubject(issuer.tokenSubject(assertion.subject()), issuer.issuer(),
					issuer.id().toString()))
			.authorizationServerContext(AuthorizationServerContextHolder.getContext())
			.authorizedScopes(scopes)
			.tokenType(OAuth2TokenType.ACCESS_TOKEN)
			.authorizationGrantType(AuthorizationGrantType.JWT_BEARER)
			.authorizationGrant(request)
			.build();
		OAuth2Token generated = this.tokenGenerator.generate(tokenContext);
		if (generated == null) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.SERVER_ERROR,
					"The token generator failed to generate the access token.", null));
		}
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
				generated.getTokenValue(), generated.getIssuedAt(), generated.getExpiresAt(), scopes);
		Map<String, Object> detail = assertion.auditDetail();
		Map<String, Object> replayDetail = new HashMap<>(detail);
		replayDetail.put("grant", AuthorizationGrantType.JWT_BEARER.getValue());
		replayDetail.put("scope", String.join(" ", scopes));
		return new PartnerAccessToken(client, clientPrincipal, accessToken, detail, this.usedAssertions.joinedUse(
				issuer.issuer(), assertion.jti(), this.claims.rememberUntil(assertion.expiresAt()), replayDetail));
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return JwtBearerGrantAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * The scopes asked for; when none were, the client's default scopes that the issuer
	 * allows (a partner's assertion never widens a client's defaults).
	 */
	private static Set<String> scopes(JwtBearerGrantAuthenticationToken request, RegisteredClient client,
			TrustedIssuer issuer) {
		if (!request.getScopes().isEmpty()) {
			return request.getScopes();
		}
		Set<String> defaults = new LinkedHashSet<>(TesseraClientSettings.defaultScopes(client));
		defaults.retainAll(issuer.allowedScopes());
		return defaults;
	}

	private static OAuth2ClientAuthenticationToken authenticatedClient(JwtBearerGrantAuthenticationToken request) {
		if (request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()
				&& client.getRegisteredClient() != null) {
			return client;
		}
		throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
	}

	/**
	 * The issued token, carrying what its audit event records: the exchange's detail and
	 * the assertion's single use, which commit together before the token leaves.
	 */
	private static final class PartnerAccessToken extends OAuth2AccessTokenAuthenticationToken
			implements GrantAuditDetail {

		private final Map<String, Object> auditDetail;

		private final JoinedWrite<?> use;

		PartnerAccessToken(RegisteredClient client, Authentication clientPrincipal, OAuth2AccessToken accessToken,
				Map<String, Object> auditDetail, JoinedWrite<?> use) {
			super(client, clientPrincipal, accessToken);
			this.auditDetail = Map.copyOf(auditDetail);
			this.use = use;
		}

		@Override
		public Map<String, Object> auditDetail() {
			return this.auditDetail;
		}

		@Override
		public List<JoinedWrite<?>> joinedWrites() {
			return List.of(this.use);
		}

	}

}
