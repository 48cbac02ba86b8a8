package dev.tessera.auth.web;

import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which unauthenticated callers are sent to the sign-in page rather than answered with
 * JSON: requests that explicitly accept HTML (a browser), not a bare {@code *}{@code /*}.
 */
public final class BrowserRequests {

	private BrowserRequests() {
	}

	public static RequestMatcher matcher() {
		MediaTypeRequestMatcher matcher = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
		matcher.setIgnoredMediaTypes(Set.of(MediaType.ALL));
		return matcher;
	}

}
