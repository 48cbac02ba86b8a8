package dev.tessera.auth.grant.authorizationcode;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.grant.authorizationcode.PersonScopeNarrowing.NarrowedAuthorizationRequest;
import dev.tessera.auth.token.AudienceResolver;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Checks an authorization request beyond Spring's own checks (exact redirect URI with
 * loopback port variance, registered scopes; Spring then requires an S256 PKCE challenge
 * of every client, as Tessera registers them all with {@code requireProofKey}): the
 * audience rule every token follows ({@link AudienceResolver}: admin scopes alone, apart
 * from the OpenID Connect ones), and, once a person has signed in, that the person is
 * still enabled, so a person cannot keep using a session after being disabled. The admin
 * scopes a person's roles do not allow were already taken out of the request
 * ({@link PersonScopeNarrowing}, which Spring's validators cannot do); a request left
 * with none of the scopes it asked for is refused with {@code access_denied}. What
 * Tessera does not support is refused rather than ignored (a request object, another
 * response mode, a malformed challenge). Refusals go back to the client's redirect URI,
 * except when the request has nothing fit for a redirect.
 */
public class AuthorizationRequestValidator implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1";

	/** The longest {@code state} or {@code nonce} sent back to a client. */
	static final int MAX_ECHOED_LENGTH = 1024;

	private static final java.util.regex.Pattern CODE_CHALLENGE = java.util.regex.Pattern
		.compile("[A-Za-z0-9\\-._~]{43,128}");

	private final Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> springChecks = OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
		.andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR);

	private final AudienceResolver audiences;

	private final Function<String, Optional<Set<String>>> activeRoles;

	/**
	 * @param activeRoles a person's roles as stored now, or empty when the person is
	 * disabled or gone: read on every request, not taken from the session, so that a
	 * person disabled or demoted while signed in gets nothing more
	 */
	public AuthorizationRequestValidator(AudienceResolver audiences,
			Function<String, Optional<Set<String>>> activeRoles) {
		this.audiences = audiences;
		this.activeRoles = activeRoles;
	}

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		RegisteredClient client = context.getRegisteredClient();
		String unfit = unfitForRedirect(request);
		if (unfit != null) {
			throw withoutRedirect(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, unfit, ERROR_URI), request);
		}
		this.springChecks.accept(context);
		String unsupported = unsupportedParameter(request.getAdditionalParameters());
		if (unsupported != null) {
			throw refusal(new OAuth2Error(
					unsupported.startsWith("request ") ? "request_not_supported" : OAuth2ErrorCodes.INVALID_REQUEST,
					unsupported, ERROR_URI), request, client);
		}
		Set<String> scopes = request.getScopes();
		try {
			this.audiences.resolve(client.getClientId(), TesseraClientSettings.audiences(client),
					request.getAdditionalParameters().get("resource"), scopes);
		}
		catch (OAuth2AuthenticationException ex) {
			throw refusal(ex.getError(), request, client);
		}
		if (request.getPrincipal() instanceof Authentication person && person.isAuthenticated()
				&& !(person instanceof AnonymousAuthenticationToken)) {
			if (this.activeRoles.apply(person.getName()).isEmpty()) {
				throw refusal(new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
						"The signed-in account is no longer enabled", ERROR_URI), request, client);
			}
			if (request instanceof NarrowedAuthorizationRequest narrowed && narrowed.getScopes().isEmpty()) {
				throw refusal(
						new OAuth2Error(OAuth2ErrorCodes.ACCESS_DENIED,
								"Your roles allow none of the scopes asked for " + narrowed.withheld(), ERROR_URI),
						request, client);
			}
		}
	}

	/**
	 * What makes the request impossible to answer by redirect at all: a redirect URI that
	 * does not even parse (Spring's own check would fail on it with a server error), or a
	 * {@code state} or {@code nonce} too long to send back in a {@code Location} header.
	 */
	static String unfitForRedirect(OAuth2AuthorizationCodeRequestAuthenticationToken request) {
		String redirectUri = request.getRedirectUri();
		if (redirectUri != null) {
			try {
				UriComponentsBuilder.fromUriString(redirectUri).build().getPort();
			}
			catch (RuntimeException ex) {
				return "redirect_uri is not a valid URI";
			}
		}
		if (request.getState() != null && request.getState().length() > MAX_ECHOED_LENGTH) {
			return "state is longer than " + MAX_ECHOED_LENGTH + " characters";
		}
		Object nonce = request.getAdditionalParameters().get("nonce");
		if (nonce instanceof String value && value.length() > MAX_ECHOED_LENGTH) {
			return "nonce is longer than " + MAX_ECHOED_LENGTH + " characters";
		}
		return null;
	}

	/**
	 * Parameters asking for what Tessera does not do, which Spring would silently ignore:
	 * a request object (JAR), a response mode other than {@code query}, a PKCE challenge
	 * that cannot be an S256 one (RFC 7636 §4.2: 43 to 128 unreserved characters).
	 */
	static String unsupportedParameter(java.util.Map<String, Object> parameters) {
		if (parameters.containsKey("request")) {
			return "request objects are not supported: send the parameters themselves";
		}
		Object mode = parameters.get("response_mode");
		if (mode != null && !"query".equals(mode)) {
			return "only response_mode=query is supported";
		}
		Object challenge = parameters.get("code_challenge");
		if (challenge instanceof String value && !CODE_CHALLENGE.matcher(value).matches()) {
			return "code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636)";
		}
		return null;
	}

	/**
	 * A refusal shown on this server's page: nothing in the request is fit to redirect.
	 */
	private static OAuth2AuthorizationCodeRequestAuthenticationException withoutRedirect(OAuth2Error error,
			OAuth2AuthorizationCodeRequestAuthenticationToken request) {
		OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(), null,
				null, request.getScopes(), request.getAdditionalParameters());
		return new OAuth2AuthorizationCodeRequestAuthenticationException(error, result);
	}

	/** A refusal Spring redirects to the client: the redirect URI was checked first. */
	private static OAuth2AuthorizationCodeRequestAuthenticationException refusal(OAuth2Error error,
			OAuth2AuthorizationCodeRequestAuthenticationToken request, RegisteredClient client) {
		String redirectUri = (request.getRedirectUri() != null) ? request.getRedirectUri()
				: client.getRedirectUris().iterator().next();
		OAuth2AuthorizationCodeRequestAuthenticationToken result = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
				redirectUri, request.getState(), request.getScopes(), request.getAdditionalParameters());
		return new OAuth2AuthorizationCodeRequestAuthenticationException(error, result);
	}

}
