package dev.tessera.auth.user.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.web.header.HeaderWriter;

/**
 * The security headers of every HTML page the server renders (sign-in, sign-out, consent,
 * authorization errors): one place, used as a Spring Security {@link HeaderWriter} on a
 * filter chain ({@code headers(h -> h.addHeaderWriter(...))}) and directly by pages
 * written outside Spring MVC ({@link AuthorizationErrorPage}).
 * <ul>
 * <li>{@code Content-Security-Policy}: nothing but this origin's style sheets and images;
 * no script at all, no inline style, no framing, no {@code <base>}.</li>
 * <li>{@code X-Content-Type-Options: nosniff}, {@code Referrer-Policy: no-referrer} (the
 * authorization request's URL, with its {@code state}, never leaks to another site),
 * {@code X-Frame-Options: DENY} for browsers without {@code frame-ancestors}, and a
 * {@code Permissions-Policy} that turns off the powerful features no page here uses.</li>
 * <li>{@code Cache-Control: no-store} on every page (each carries a CSRF token or a
 * one-time message), but not on the static assets under {@code /assets/}, which are
 * cached for a year (see {@link SignInPagesConfiguration}).</li>
 * </ul>
 *
 * <p>
 * <b>{@code form-action}.</b> Browsers apply {@code form-action} not only to a form's own
 * target but to every redirect that follows its submission: Chromium 156 (tried here with
 * a form posting to its own origin, redirected to another) blocks the whole navigation
 * when the final URL does not match, reporting it as the form's own target. The sign-in
 * and consent forms end, through {@code /oauth2/authorize}, at the client's redirect URI:
 * any {@code https} URL, or loopback {@code http} on {@code 127.0.0.1} or {@code [::1]}
 * with any port (RFC 8252). {@code form-action 'self' https:
 * http://127.0.0.1:*} would cover all but the last: Chromium rejects
 * {@code http://[::1]:*} as an invalid source (CSP host sources cannot name an IPv6
 * literal) and ignores it, which blocked a redirect to {@code http://[::1]:port} in the
 * same test. So the policy is {@code form-action 'self' https: http:}: it still refuses
 * forms posting to {@code javascript:}, {@code data:} or custom schemes, but it is not
 * what keeps an injected form from posting elsewhere; escaping everything rendered
 * (Thymeleaf's {@code th:text}) and the absence of any script are.
 */
public final class PageSecurityHeaders implements HeaderWriter {

	/** The Content-Security-Policy of every page. */
	public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
			+ "form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'";

	/** Powerful features no page here uses, all off. */
	public static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

	private static final String ASSETS = "/assets/";

	@Override
	public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("Referrer-Policy", "no-referrer");
		response.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
		String path = request.getRequestURI();
		if (path == null || !path.startsWith(ASSETS)) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			response.setHeader(HttpHeaders.PRAGMA, "no-cache");
		}
	}

}
