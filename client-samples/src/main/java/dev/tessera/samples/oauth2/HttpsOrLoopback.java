package dev.tessera.samples.oauth2;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * The one transport rule of the samples' settings: a URL that a secret, an assertion or a
 * token is sent to must be {@code https}, or plain {@code http} to this machine's
 * loopback ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}), as for a local Tessera
 * or API during development. Anyone on the path of a plain {@code http} request to
 * another host reads the client's secret and tokens, so such a setting stops the sample
 * at start, naming the setting, before anything is sent. A URL with user info (a password
 * in the URL) is refused too. The command-line sample holds Tessera's discovered
 * endpoints and its API calls to the same rule.
 * <p>
 * Copying a sample that uses it means copying this class too.
 */
public final class HttpsOrLoopback {

	private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

	private HttpsOrLoopback() {
	}

	/**
	 * @param setting how the setting is named to an operator, e.g.
	 * {@code "sample.api-url (SAMPLE_API_URL)"}
	 * @param url its value
	 * @return {@code url}, when it is {@code https}, or {@code http} to a loopback host
	 * @throws IllegalArgumentException otherwise (including no scheme or no host)
	 */
	public static URI check(String setting, URI url) {
		if (!allows(url)) {
			throw new IllegalArgumentException(setting + " must be an https URL, or http to localhost, 127.0.0.1 or "
					+ "[::1] only, without user info (secrets and tokens travel to it), not " + shown(url));
		}
		return url;
	}

	/**
	 * Whether a secret or token may be sent to {@code url}: {@code https} to any host, or
	 * {@code http} to a loopback host; never with user info in the URL.
	 */
	public static boolean allows(URI url) {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		String host = (url.getHost() != null) ? url.getHost().toLowerCase(Locale.ROOT) : null;
		if (host == null || url.getRawUserInfo() != null) {
			return false;
		}
		return scheme.equals("https") || (scheme.equals("http") && LOOPBACK_HOSTS.contains(host));
	}

	// never echo a password written into the URL
	private static String shown(URI url) {
		if (url.getRawUserInfo() == null) {
			return url.toString();
		}
		return url.getScheme() + "://…@" + url.getHost() + ((url.getPort() != -1) ? ":" + url.getPort() : "")
				+ ((url.getRawPath() != null) ? url.getRawPath() : "");
	}

	/**
	 * {@link #check(String, URI)} for a setting given as a string.
	 * @throws IllegalArgumentException also when {@code url} is empty or not a URI
	 */
	public static URI check(String setting, String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException(setting + " must be set");
		}
		try {
			return check(setting, new URI(url));
		}
		catch (URISyntaxException ex) {
			// the reason only: the input may hold a password
			throw new IllegalArgumentException(setting + " is not a URL: " + ex.getReason());
		}
	}

}
