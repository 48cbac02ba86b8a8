package dev.tessera.auth.protocol;

import java.util.Set;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import dev.tessera.auth.web.OAuthErrorPaths;

import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.UrlPathHelper;

/**
 * Where the protocol endpoints are, read from {@link AuthorizationServerSettings} (the
 * one place that decides them), and what each does in the audit trail's words:
 * {@value #ISSUE}, {@value #INTROSPECT}, {@value #REVOKE}. Every other part of the server
 * that needs an endpoint's path asks here.
 */
public final class ProtocolEndpoints implements OAuthErrorPaths {

	/** The audit operation of a token request. */
	public static final String ISSUE = "token.issue";

	/** The audit operation of an introspection request. */
	public static final String INTROSPECT = "token.introspect";

	/** The audit operation of a revocation request. */
	public static final String REVOKE = "token.revoke";

	/** The audit operation of a client authentication on any other endpoint. */
	public static final String AUTHENTICATE = "client.authenticate";

	/**
	 * The RFC 8615 namespace of the discovery documents, fixed by the RFCs rather than by
	 * settings.
	 */
	private static final String WELL_KNOWN = "/.well-known/";

	private static final Set<String> POST = Set.of("POST");

	private static final Set<String> READ_OR_POST = Set.of("GET", "HEAD", "POST");

	private static final Set<String> READ = Set.of("GET", "HEAD");

	private final RequestMatcher token;

	private final RequestMatcher introspection;

	private final RequestMatcher revocation;

	private final RequestMatcher clientAuthentication;

	private final String jwkSetPath;

	private final RequestMatcher authorization;

	private final String userInfoPath;

	private final Set<String> paths;

	private final Set<String> postOnly;

	private final Set<String> readOrPost;

	public ProtocolEndpoints(AuthorizationServerSettings settings) {
		this.token = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, settings.getTokenEndpoint());
		this.introspection = PathPatternRequestMatcher.pathPattern(HttpMethod.POST,
				settings.getTokenIntrospectionEndpoint());
		this.revocation = PathPatternRequestMatcher.pathPattern(HttpMethod.POST, settings.getTokenRevocationEndpoint());
		this.clientAuthentication = new OrRequestMatcher(Stream
			.of(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
					settings.getTokenRevocationEndpoint(), settings.getDeviceAuthorizationEndpoint(),
					settings.getPushedAuthorizationRequestEndpoint())
			.filter(path -> path != null)
			.map(path -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(HttpMethod.POST, path))
			.toList());
		this.jwkSetPath = settings.getJwkSetEndpoint();
		this.authorization = PathPatternRequestMatcher.pathPattern(settings.getAuthorizationEndpoint());
		this.userInfoPath = settings.getOidcUserInfoEndpoint();
		this.postOnly = Set.of(settings.getTokenEndpoint(), settings.getTokenIntrospectionEndpoint(),
				settings.getTokenRevocationEndpoint());
		this.readOrPost = Set.copyOf(
				Stream
					.of(settings.getAuthorizationEndpoint(), settings.getOidcUserInfoEndpoint(),
							settings.getOidcLogoutEndpoint())
					.filter(path -> path != null)
					.toList());
		this.paths = Set
			.copyOf(Stream
				.of(settings.getAuthorizationEndpoint(), settings.getPushedAuthorizationRequestEndpoint(),
						settings.getDeviceAuthorizationEndpoint(), settings.getDeviceVerificationEndpoint(),
						settings.getTokenEndpoint(), settings.getJwkSetEndpoint(),
						settings.getTokenRevocationEndpoint(), settings.getTokenIntrospectionEndpoint(),
						settings.getClientRegistrationEndpoint(), settings.getOidcClientRegistrationEndpoint(),
						settings.getOidcUserInfoEndpoint(), settings.getOidcLogoutEndpoint())
				.filter(path -> path != null)
				.toList());
	}

	/** The audit operation of a request to a protocol endpoint. */
	public String operationOf(HttpServletRequest request) {
		if (this.token.matches(request)) {
			return ISSUE;
		}
		if (this.introspection.matches(request)) {
			return INTROSPECT;
		}
		if (this.revocation.matches(request)) {
			return REVOKE;
		}
		return AUTHENTICATE;
	}

	/**
	 * Whether the request's whole effect is its answer, sent only after its audit event
	 * is committed: a {@code client_credentials} token request (which stores nothing, see
	 * {@code StatelessAuthorizationService}) and introspection. What must be recorded for
	 * it (the use of a client assertion) can ride in that event's transaction; everywhere
	 * else (revocation, which revokes before it answers; a grant that consumes a code or
	 * rotates a refresh token) it must be committed before the endpoint acts.
	 */
	public boolean answersOnly(HttpServletRequest request) {
		if (this.introspection.matches(request)) {
			return true;
		}
		return this.token.matches(request) && AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE));
	}

	/**
	 * Whether the request is a client's call to the token, introspection or revocation
	 * endpoint (a form POST, RFC 6749 §3.2).
	 */
	public boolean isClientEndpoint(HttpServletRequest request) {
		return this.token.matches(request) || this.introspection.matches(request) || this.revocation.matches(request);
	}

	/**
	 * Whether the request goes to an endpoint where Spring authenticates the client
	 * ({@code OAuth2ClientAuthenticationFilter}'s endpoints: token, introspection,
	 * revocation, device authorization, pushed authorization requests).
	 */
	public boolean authenticatesClients(HttpServletRequest request) {
		return this.clientAuthentication.matches(request);
	}

	/** The JWK Set endpoint's path. */
	public String jwkSetPath() {
		return this.jwkSetPath;
	}

	/**
	 * The authorization endpoint, where a person who has not signed in is sent to the
	 * sign-in page whatever their browser accepts.
	 */
	public RequestMatcher authorizationEndpointMatcher() {
		return this.authorization;
	}

	/**
	 * A person's answer on the consent page, posted back to the authorization endpoint
	 * (Spring tells it from an authorization request by the absence of
	 * {@code response_type}).
	 */
	public RequestMatcher consentSubmissionMatcher() {
		return request -> "POST".equals(request.getMethod()) && this.authorization.matches(request)
				&& request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) == null;
	}

	/** The OpenID Connect userinfo endpoint's path. */
	public String userInfoPath() {
		return this.userInfoPath;
	}

	/**
	 * The methods the endpoint at this request's path answers, or an empty set when the
	 * path is not one of these: {@code POST} on the token, introspection and revocation
	 * endpoints (RFC 6749 §3.2, RFC 7662, RFC 7009), {@code GET} and {@code POST} on the
	 * authorization, userinfo and sign-out endpoints, {@code GET} (and {@code HEAD}) on
	 * the key set and the discovery documents.
	 */
	public Set<String> allowedMethods(HttpServletRequest request) {
		String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
		if (this.postOnly.contains(path)) {
			return POST;
		}
		if (this.readOrPost.contains(path)) {
			return READ_OR_POST;
		}
		if (path.equals(this.jwkSetPath) || path.startsWith(WELL_KNOWN)) {
			return READ;
		}
		return Set.of();
	}

	/** Whether the path is a protocol endpoint's (or a discovery document's). */
	@Override
	public boolean matches(String path) {
		return this.paths.contains(path) || path.startsWith(WELL_KNOWN);
	}

	/**
	 * Whether the request is for a protocol endpoint (or a discovery document), judged on
	 * the decoded path as Spring's endpoint matchers judge it, so a percent-encoded path
	 * ({@code /oauth2/%74oken}) is not a way around the checks that rely on this.
	 */
	public boolean matches(HttpServletRequest request) {
		return matches(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
	}

}
