package dev.tessera.samples.cli;

import java.net.URI;
import java.time.Duration;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.tessera.samples.oauth2.HttpsOrLoopback;

/**
 * How the tool talks HTTP, in one place: where it may send anything secret (the samples'
 * one rule, {@link HttpsOrLoopback}: anyone on the path of a plain http request could
 * take the code, the PKCE verifier, the refresh token or the access token), how long it
 * waits, and that it follows no redirect (a {@code 307} would send the same form, refresh
 * token and all, to wherever it points).
 */
final class Transport {

	/** How long to wait for a connection to Tessera or the API. */
	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	/** How long to wait for Tessera's or the API's answer. */
	static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

	private Transport() {
	}

	/**
	 * {@code uri} when {@link HttpsOrLoopback#allows allowed}, else a refusal naming
	 * {@code what} would have been sent there.
	 */
	static URI checked(URI uri, String what) throws CliException {
		if (!HttpsOrLoopback.allows(uri)) {
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
