package dev.tessera.auth.client;

import java.util.List;
import java.util.Set;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The Tessera-specific client attributes carried in Spring's {@code ClientSettings}:
 * the scopes a token gets when none are requested, and the audiences put into
 * {@code aud}.
 */
public final class TesseraClientSettings {

	public static final String DEFAULT_SCOPES = "tessera.client.default-scopes";

	public static final String AUDIENCES = "tessera.client.audiences";

	private TesseraClientSettings() {
	}

	public static Set<String> defaultScopes(RegisteredClient client) {
		Set<String> scopes = client.getClientSettings().getSetting(DEFAULT_SCOPES);
		return (scopes != null) ? scopes : Set.of();
	}

	public static List<String> audiences(RegisteredClient client) {
		List<String> audiences = client.getClientSettings().getSetting(AUDIENCES);
		return (audiences != null) ? audiences : List.of();
	}

}
