package dev.tessera.auth.grant.authorizationcode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.token.RefreshTokenFamily;
import dev.tessera.auth.token.TokenHashes;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * Spring's code exchange, with two checks in front. The PKCE verifier is required of
 * every client, confidential ones included: Spring checks it inside its own secret and
 * assertion authentication providers, and Tessera authenticates secrets with its own
 * provider, so the check is made here, once, for everyone ({@code S256}, compared in
 * constant time). And a code presented again is audited as {@code token.code_reuse}
 * before Spring refuses it and revokes what it issued.
 */
public class CodeExchangeChecks implements AuthenticationProvider {

	private static final Logger log = LoggerFactory.getLogger(CodeExchangeChecks.class);

	private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	private static final String PKCE_ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7636#section-4.6";

	private final AuthenticationProvider codeGrant;

	private final OAuth2AuthorizationService authorizations;

	private final AuditTrail trail;

	public CodeExchangeChecks(AuthenticationProvider codeGrant, OAuth2AuthorizationService authorizations,
			AuditTrail trail) {
		this.codeGrant = codeGrant;
		this.authorizations = authorizations;
		this.trail = trail;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2AuthorizationCodeAuthenticationToken exchange = (OAuth2AuthorizationCodeAuthenticationToken) authentication;
		OAuth2Authorization authorization = this.authorizations.findByToken(exchange.getCode(), CODE);
		if (authorization != null) {
			OAuth2Authorization.Token<OAuth2AuthorizationCode> code = authorization
				.getToken(OAuth2AuthorizationCode.class);
			if (code != null && code.isInvalidated()) {
				auditReuse(exchange, authorization);
			}
			else {
				verifyProofKey(exchange, authorization);
			}
		}
		return this.codeGrant.authenticate(authentication);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.codeGrant.supports(authentication);
	}

	private static void verifyProofKey(OAuth2AuthorizationCodeAuthenticationToken exchange,
			OAuth2Authorization authorization) {
		OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
		Object challenge = (request != null) ? request.getAdditionalParameters().get(PkceParameterNames.CODE_CHALLENGE)
				: null;
		Object verifier = exchange.getAdditionalParameters().get(PkceParameterNames.CODE_VERIFIER);
		if (!(challenge instanceof String expected)) {
			throw refusal("The authorization request had no code_challenge");
		}
		if (!(verifier instanceof String presented) || presented.isEmpty()) {
			throw refusal("code_verifier is required");
		}
		if (!MessageDigest.isEqual(TokenHashes.s256(presented).getBytes(StandardCharsets.US_ASCII),
				expected.getBytes(StandardCharsets.US_ASCII))) {
			throw refusal("code_verifier does not match the code_challenge");
		}
	}

	private void auditReuse(OAuth2AuthorizationCodeAuthenticationToken exchange, OAuth2Authorization authorization) {
		String clientId = (exchange.getPrincipal() instanceof OAuth2ClientAuthenticationToken client
				&& client.getRegisteredClient() != null) ? client.getRegisteredClient().getClientId()
						: authorization.getRegisteredClientId();
		try {
			this.trail.recordAndWait("token.code_reuse", AuditOutcome.BUSINESS_ERROR, Actor.client(clientId),
					Map.of("subject", authorization.getPrincipalName(), "family",
							RefreshTokenFamily.handle(authorization.getId())),
					null);
		}
		catch (AuditUnavailableException ex) {
			log.error("A reused authorization code could not be audited: {}", ex.getMessage());
		}
	}

	private static OAuth2AuthenticationException refusal(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, PKCE_ERROR_URI));
	}

}
