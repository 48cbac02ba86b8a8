package dev.tessera.samples.cli;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;

/**
 * How the tool talks HTTP, in one place: where it may send anything secret (a
 * {@code https} URL, or plain {@code http} to this machine's loopback only: anyone on the
 * path of a plain http request could take the code, the PKCE verifier, the refresh token
 * or the access token), how long it waits, and that it follows no redirect (a {@code 307}
 * would send the same form, refresh token and all, to wherever it points).
 */
final class Transport {

	/** How long to wait for a connection to Tessera or the API. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/** How long to wait for Tessera's or the API's answer. */
	static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	private Transport() {
	}

	/**
	 * Whether {@code uri} may carry a secret: {@code https} to any host, {@code http} to
	 * {@code localhost}, {@code 127.0.0.1} or {@code [::1]} only; never with user info in
	 * the URL.
	 */
	static boolean isSafe(URI uri) {
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = (uri.getHost() != null) ? uri.getHost().toLowerCase(Locale.ROOT) : "";
		if (host.isEmpty() || uri.getRawUserInfo() != null) {
			return false;
		}
		return scheme.equals("https") || (scheme.equals("http") && LOOPBACK_HOSTS.contains(host));
	}

	/**
	 * {@code uri} when {@link #isSafe safe}, else a refusal naming {@code what} would
	 * have been sent there.
	 */
	static URI checked(URI uri, String what) throws CliException {
		if (!isSafe(uri)) {
			throw new CliException(refusal(uri, what));
		}
		return uri;
	}

	/**
	 * The refusal's message, also for settings checked before the tool runs; it names the
	 * scheme and host only (not a password that may be in the URL).
	 */
	static String refusal(URI uri, String what) {
		return "Refusing to send " + what + " to " + CliException.printable(uri.getScheme()) + "://"
				+ CliException.printable(uri.getHost())
				+ ((uri.getRawUserInfo() != null) ? " with user info in the URL" : "")
				+ ": use https (plain http only to localhost, 127.0.0.1 or [::1])";
	}

	/** A Nimbus request with the tool's timeouts, following no redirect. */
	static HTTPRequest configured(HTTPRequest request) {
		request.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
		request.setReadTimeout((int) READ_TIMEOUT.toMillis());
		request.setFollowRedirects(false);
		return request;
	}

}
