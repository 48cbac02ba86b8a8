package dev.tessera.auth.client.assertion;

import java.text.ParseException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.nimbusds.jwt.JWTParser;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;

/**
 * Reads {@code client_assertion_type} and {@code client_assertion} from a form post, as
 * Spring's {@code JwtClientAssertionAuthenticationConverter} does (body parameters only,
 * a repeated {@code client_assertion_type}, {@code client_assertion} or {@code client_id}
 * is {@code invalid_request}), and hands the result to Spring's
 * {@code JwtClientAssertionAuthenticationProvider}.
 * <p>
 * Kept instead of Spring's converter for one reason: Spring requires {@code client_id},
 * while RFC 7523 §3 and RFC 6749 §3.2.1 make it optional, and clients omit it. When it is
 * absent, the client is the assertion's {@code sub}, read here unverified; the provider
 * then checks the signature against that client's keys and that {@code iss} and
 * {@code sub} both name that client ({@link ClientAssertionClaims}).
 */
public final class ClientAssertionAuthenticationConverter implements AuthenticationConverter {

	/**
	 * The method Spring's client-assertion provider handles: the assertion type itself.
	 */
	static final ClientAuthenticationMethod JWT_BEARER_ASSERTION = new ClientAuthenticationMethod(
			"urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

	@Override
	public Authentication convert(HttpServletRequest request) {
		MultiValueMap<String, String> parameters = formParameters(request);
		String assertionType = parameters.getFirst(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE);
		String assertion = parameters.getFirst(OAuth2ParameterNames.CLIENT_ASSERTION);
		if (assertionType == null || assertion == null) {
			return null;
		}
		if (parameters.get(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE).size() != 1) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
		}
		if (!JWT_BEARER_ASSERTION.getValue().equals(assertionType)) {
			return null;
		}
		if (parameters.get(OAuth2ParameterNames.CLIENT_ASSERTION).size() != 1) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
		}
		List<String> clientIds = parameters.get(OAuth2ParameterNames.CLIENT_ID);
		String clientId;
		if (clientIds == null) {
			clientId = subjectOf(assertion);
		}
		else if (clientIds.size() != 1 || !StringUtils.hasText(clientIds.get(0))) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
		}
		else {
			clientId = clientIds.get(0);
		}
		return new OAuth2ClientAuthenticationToken(clientId, JWT_BEARER_ASSERTION, assertion,
				authorizationCodeParameters(request, parameters));
	}

	private static String subjectOf(String assertion) {
		try {
			String subject = JWTParser.parse(assertion).getJWTClaimsSet().getSubject();
			if (StringUtils.hasText(subject)) {
				return subject;
			}
		}
		catch (ParseException ex) {
			// falls through to invalid_client
		}
		throw InvalidClientAssertion.because("no client_id, and the assertion names no sub");
	}

	/** Body parameters only, as Spring's converters read them (not the query string). */
	private static MultiValueMap<String, String> formParameters(HttpServletRequest request) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		String query = StringUtils.hasText(request.getQueryString()) ? request.getQueryString() : "";
		request.getParameterMap().forEach((key, values) -> {
			if (!query.contains(key)) {
				for (String value : values) {
					parameters.add(key, value);
				}
			}
		});
		return parameters;
	}

	/**
	 * For an authorization-code request, the other parameters (such as
	 * {@code code_verifier}), as Spring hands them to client authentication.
	 */
	private static Map<String, Object> authorizationCodeParameters(HttpServletRequest request,
			MultiValueMap<String, String> parameters) {
		if (!AuthorizationGrantType.AUTHORIZATION_CODE.getValue()
			.equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
				|| request.getParameter(OAuth2ParameterNames.CODE) == null) {
			return Collections.emptyMap();
		}
		Map<String, Object> additional = new HashMap<>();
		parameters.forEach((key, values) -> {
			if (!key.equals(OAuth2ParameterNames.CLIENT_ASSERTION_TYPE)
					&& !key.equals(OAuth2ParameterNames.CLIENT_ASSERTION)
					&& !key.equals(OAuth2ParameterNames.CLIENT_ID)) {
				additional.put(key, (values.size() == 1) ? values.get(0) : values.toArray(new String[0]));
			}
		});
		return additional;
	}

}
