package dev.tessera.auth.grant.jwtbearer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a JWT-bearer token request ({@code grant_type} of RFC 7523 §2.1), as Spring's
 * converters do: exactly one {@code assertion}, at most one {@code scope}; anything else
 * missing or repeated is {@code invalid_request}. That the parameters come in the form
 * body, never in the URL (where proxies and access logs would keep an assertion), is the
 * protocol's strict form filter's rule for every client endpoint. Other parameters (such
 * as RFC 8707 {@code resource}) travel as additional parameters, as in Spring's own
 * converters.
 */
public final class JwtBearerGrantAuthenticationConverter implements AuthenticationConverter {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7523#section-2.1";

	private static final Set<String> OWN = Set.of(OAuth2ParameterNames.GRANT_TYPE, OAuth2ParameterNames.ASSERTION,
			OAuth2ParameterNames.SCOPE, OAuth2ParameterNames.CLIENT_ID, OAuth2ParameterNames.CLIENT_SECRET,
			OAuth2ParameterNames.CLIENT_ASSERTION, OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);

	@Override
	public Authentication convert(HttpServletRequest request) {
		if (!AuthorizationGrantType.JWT_BEARER.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
			return null;
		}
		Map<String, String[]> form = request.getParameterMap();
		String assertion = single(form, OAuth2ParameterNames.ASSERTION);
		if (assertion == null || assertion.isBlank()) {
			throw invalidRequest("assertion is required");
		}
		Set<String> scopes = new LinkedHashSet<>();
		String scope = single(form, OAuth2ParameterNames.SCOPE);
		if (scope != null && !scope.isBlank()) {
			scopes.addAll(Arrays.asList(scope.trim().split(" +")));
		}
		Map<String, Object> additional = new HashMap<>();
		form.forEach((name, values) -> {
			if (!OWN.contains(name)) {
				additional.put(name, (values.length == 1) ? values[0] : values);
			}
		});
		Authentication client = SecurityContextHolder.getContext().getAuthentication();
		return new JwtBearerGrantAuthenticationToken(assertion, client, scopes, additional);
	}

	private static String single(Map<String, String[]> form, String name) {
		String[] values = form.get(name);
		if (values != null && values.length > 1) {
			throw invalidRequest(name + " must not be repeated");
		}
		return (values != null) ? values[0] : null;
	}

	private static OAuth2AuthenticationException invalidRequest(String description) {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST, description, ERROR_URI));
	}

}
