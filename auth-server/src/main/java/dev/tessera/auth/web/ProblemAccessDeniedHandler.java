package dev.tessera.auth.web;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorityAuthorizationDecision;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * A valid token that may not make this call: 403, RFC 6750 §3
 * {@code WWW-Authenticate: Bearer error="insufficient_scope"} with {@code scope} naming
 * the scope(s) that would allow it (any one of them), and the same in an RFC 9457
 * problem. The scopes come from the authorization rule that refused the call, so they
 * cannot drift from it. A call no rule allows (denied whatever the scope) says so and
 * names no scope.
 */
public class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final ErrorResponses errors;

	public ProblemAccessDeniedHandler(ErrorResponses errors) {
		this.errors = errors;
	}

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6750#section-3.1";

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		List<String> scopes = requiredScopes(accessDeniedException);
		String detail = detail(scopes);
		StringBuilder challenge = new StringBuilder("Bearer error=\"insufficient_scope\", error_description=\"")
			.append(detail)
			.append("\", error_uri=\"")
			.append(ERROR_URI)
			.append('"');
		if (!scopes.isEmpty()) {
			challenge.append(", scope=\"").append(String.join(" ", scopes)).append('"');
		}
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge.toString());
		this.errors.writeProblem(response, HttpStatus.FORBIDDEN, detail);
	}

	/** Why the call was refused, as given to the client. */
	public static String detail(AccessDeniedException exception) {
		return detail(requiredScopes(exception));
	}

	private static String detail(List<String> scopes) {
		if (scopes.isEmpty()) {
			return "No call of this API matches this method and path, whatever the token's scopes";
		}
		if (scopes.size() == 1) {
			return "This call needs a token with the scope " + scopes.get(0);
		}
		return "This call needs a token with one of the scopes " + String.join(", ", scopes);
	}

	/**
	 * The scopes that would have allowed the call, from the refusing {@code SCOPE_}
	 * authority rule.
	 */
	static List<String> requiredScopes(AccessDeniedException exception) {
		if (exception instanceof AuthorizationDeniedException denied
				&& denied.getAuthorizationResult() instanceof AuthorityAuthorizationDecision decision) {
			return decision.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.filter(authority -> authority.startsWith("SCOPE_"))
				.map(authority -> authority.substring("SCOPE_".length()))
				.filter(ProblemAccessDeniedHandler::isScopeToken)
				.sorted()
				.toList();
		}
		return List.of();
	}

	/** RFC 6749 scope-token characters, which also keep the header well formed. */
	private static boolean isScopeToken(String scope) {
		return !scope.isEmpty()
				&& scope.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E));
	}

}
