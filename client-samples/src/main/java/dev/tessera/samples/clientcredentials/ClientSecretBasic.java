package dev.tessera.samples.clientcredentials;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Builds the {@code Authorization} header for {@code client_secret_basic}. RFC 6749
 * §2.3.1 says the client id and secret are each encoded with
 * {@code application/x-www-form-urlencoded} <em>before</em> they are joined with a colon
 * and base64-encoded; skipping that step breaks ids or secrets that contain {@code :},
 * {@code %}, {@code +} or non-ASCII characters, which is why it lives in one place.
 */
public final class ClientSecretBasic {

	private ClientSecretBasic() {
	}

	/**
	 * @return the full header value, {@code Basic <base64>}
	 */
	public static String authorizationHeader(ClientCredentials credentials) {
		String userPass = formEncode(credentials.clientId()) + ":" + formEncode(credentials.clientSecret());
		return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.US_ASCII));
	}

	static String formEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
