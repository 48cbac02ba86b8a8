package dev.tessera.auth.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.web.ErrorResponses;
import dev.tessera.auth.web.ReadBodyRequest;
import dev.tessera.auth.web.RfcText;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose query string or form body cannot be decoded (see
 * {@link FormDecoder}) with {@code 400}: RFC 6749 {@code invalid_request} JSON on the
 * OAuth endpoints, problem JSON elsewhere. A request that decodes is passed on with
 * exactly the parameters decoded here, so what Spring sees is what was checked. Form
 * bodies are read here whole, up to {@code tessera.limits.max-body-bytes} (above it the
 * container would silently ignore their parameters), and a POST to an OAuth endpoint with
 * any other body (RFC 6749 requires the form encoding; the container would read multipart
 * parts as parameters without these checks).
 * <p>
 * The size rules of {@code tessera.limits} that concern parameters are applied here,
 * before anything parses them: a form body above {@code max-body-bytes} is {@code 413}; a
 * {@code client_assertion} ({@code private_key_jwt}) or a JWT-bearer {@code assertion}
 * above {@code max-assertion-bytes} is {@code 400 invalid_request}; a {@code scope}
 * naming more than {@code max-scopes} scopes on an OAuth endpoint is
 * {@code 400 invalid_scope}.
 * <p>
 * On an endpoint that authenticates clients, a form {@code client_id} that differs from
 * the HTTP Basic user is {@code 400 invalid_request} ({@link #clientIdProblem}), whether
 * or not the client authentication throttle is enabled.
 * <p>
 * A method an OAuth endpoint does not answer ({@code GET} on the token endpoint,
 * {@code POST} on the key set) is {@code 405 invalid_request} with {@code Allow}, where
 * it would otherwise fall through to the sign-in filter chain and get its problem.
 */
public class StrictFormFilter extends OncePerRequestFilter {

	/** The parameters that carry a JWT assertion (RFC 7523 §2.1 and §2.2). */
	static final java.util.Set<String> ASSERTIONS = java.util.Set.of("client_assertion", "assertion");

	private final ProtocolEndpoints endpoints;

	private final ErrorResponses errors;

	private final TesseraProperties.Limits limits;

	public StrictFormFilter(ProtocolEndpoints endpoints, ErrorResponses errors, TesseraProperties.Limits limits) {
		this.endpoints = endpoints;
		this.errors = errors;
		this.limits = limits;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		java.util.Set<String> allowed = this.endpoints.allowedMethods(request);
		if (!allowed.isEmpty() && !allowed.contains(request.getMethod())) {
			response.setHeader("Allow", String.join(", ", new java.util.TreeSet<>(allowed)));
			this.errors.write(request, response, HttpStatus.METHOD_NOT_ALLOWED, "invalid_request",
					"This endpoint answers " + String.join(" and ", new java.util.TreeSet<>(allowed)) + " only");
			return;
		}
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		byte[] body = null;
		try {
			String query = request.getQueryString();
			if (query != null) {
				FormDecoder.decode(query.getBytes(StandardCharsets.ISO_8859_1), parameters);
			}
			if (isOAuthPost(request) && request.getContentType() != null && !isForm(request)) {
				// the container would still read multipart parts as parameters, undecoded
				// and unchecked
				refuse(request, response, "The request body must be application/x-www-form-urlencoded");
				return;
			}
			if (isForm(request)) {
				int max = this.limits.maxBodyBytes();
				if (request.getContentLengthLong() > max) {
					tooLarge(request, response);
					return;
				}
				body = request.getInputStream().readNBytes(max + 1);
				if (body.length > max) {
					tooLarge(request, response);
					return;
				}
				FormDecoder.decode(body, parameters);
			}
			if (this.endpoints.isClientEndpoint(request)) {
				String problem = clientRequestProblem(query, parameters);
				if (problem != null) {
					refuse(request, response, problem);
					return;
				}
			}
			if (this.endpoints.authenticatesClients(request)) {
				String problem = clientIdProblem(request.getHeader("Authorization"), parameters);
				if (problem != null) {
					refuse(request, response, problem);
					return;
				}
			}
			if (this.endpoints.matches(request)) {
				OAuth2Error problem = sizeProblem(parameters, this.limits);
				if (problem != null) {
					this.errors.write(request, response, HttpStatus.BAD_REQUEST, problem.getErrorCode(),
							problem.getDescription());
					return;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			refuse(request, response, "The request's parameters cannot be decoded: " + ex.getMessage());
			return;
		}
		chain.doFilter((body != null) ? new DecodedFormRequest(request, body, parameters) : request, response);
	}

	/**
	 * What is wrong with a request to the token, introspection or revocation endpoint, as
	 * RFC 6749 §3.2 puts it: parameters are sent in the form body, never in the URL
	 * (where proxies and logs keep them), and none is repeated except RFC 8707's
	 * {@code resource}. Spring's converters assume both and fail on some parameters
	 * otherwise.
	 */
	static String clientRequestProblem(String query, Map<String, List<String>> parameters) {
		if (query != null && !query.isEmpty()) {
			return "Parameters of this endpoint are sent in the form body, never in the URL";
		}
		for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
			if (parameter.getValue().size() > 1 && !REPEATABLE.contains(parameter.getKey())) {
				return "The parameter '" + RfcText.description(parameter.getKey()) + "' is repeated";
			}
		}
		return null;
	}

	/**
	 * Whether the request names two clients: an HTTP Basic user (which Spring
	 * authenticates) and a different form {@code client_id} (which Spring then ignores,
	 * but which a reader of the request, or of its audit event, would take for the
	 * client). Refused before client authentication, so the throttle and the audit trail
	 * only ever see requests whose claimed client is the one authenticated.
	 */
	static String clientIdProblem(String authorization, Map<String, List<String>> parameters) {
		String basicUser = ProtocolAuditing.basicUser(authorization);
		if (basicUser == null) {
			return null;
		}
		for (String clientId : parameters.getOrDefault("client_id", List.of())) {
			if (!clientId.equals(basicUser)) {
				return "client_id does not match the client authenticated by HTTP Basic";
			}
		}
		return null;
	}

	/**
	 * Which size limit the parameters of a request to an OAuth endpoint exceed, or null:
	 * an assertion longer than {@code maxAssertionBytes} (in UTF-8), or a {@code scope}
	 * naming more than {@code maxScopes} scopes ({@code invalid_scope}).
	 */
	static OAuth2Error sizeProblem(Map<String, List<String>> parameters, TesseraProperties.Limits limits) {
		for (String name : ASSERTIONS) {
			for (String value : parameters.getOrDefault(name, List.of())) {
				if (value.length() > limits.maxAssertionBytes() / 3
						&& value.getBytes(StandardCharsets.UTF_8).length > limits.maxAssertionBytes()) {
					return new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
							"The " + name + " is larger than " + limits.maxAssertionBytes() + " bytes", null);
				}
			}
		}
		for (String scope : parameters.getOrDefault("scope", List.of())) {
			if (scopeCount(scope) > limits.maxScopes()) {
				return new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
						"The scope names more than " + limits.maxScopes() + " scopes", null);
			}
		}
		return null;
	}

	/** How many space-separated names the scope holds (runs of spaces count once). */
	private static int scopeCount(String scope) {
		int count = 0;
		boolean inName = false;
		for (int i = 0; i < scope.length(); i++) {
			boolean space = scope.charAt(i) == ' ';
			if (!space && !inName) {
				count++;
			}
			inName = !space;
		}
		return count;
	}

	/** Parameters a client may send more than once (RFC 8707 {@code resource}). */
	static final java.util.Set<String> REPEATABLE = java.util.Set.of("resource");

	private boolean isOAuthPost(HttpServletRequest request) {
		return "POST".equals(request.getMethod()) && this.endpoints.matches(request);
	}

	private static boolean isForm(HttpServletRequest request) {
		String contentType = request.getContentType();
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.errors.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "invalid_request",
				"The request body is larger than " + this.limits.maxBodyBytes() + " bytes");
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String description)
			throws IOException {
		this.errors.write(request, response, HttpStatus.BAD_REQUEST, "invalid_request", description);
	}

	/** The request as decoded here: its parameters, and its body readable again. */
	static final class DecodedFormRequest extends ReadBodyRequest {

		private final Map<String, String[]> parameters;

		DecodedFormRequest(HttpServletRequest request, byte[] body, Map<String, List<String>> parameters) {
			super(request, body);
			Map<String, String[]> map = new LinkedHashMap<>();
			parameters.forEach((name, values) -> map.put(name, values.toArray(String[]::new)));
			this.parameters = Collections.unmodifiableMap(map);
		}

		@Override
		public String getParameter(String name) {
			String[] values = this.parameters.get(name);
			return (values != null) ? values[0] : null;
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			return this.parameters;
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(this.parameters.keySet());
		}

		@Override
		public String[] getParameterValues(String name) {
			String[] values = this.parameters.get(name);
			return (values != null) ? values.clone() : null;
		}

	}

}
