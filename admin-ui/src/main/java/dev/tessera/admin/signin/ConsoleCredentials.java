package dev.tessera.admin.signin;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import dev.tessera.admin.config.TesseraProperties;

import org.springframework.util.StringUtils;

/**
 * Where the console's client secret comes from, in this order: {@code
 * TESSERA_ADMIN_UI_CLIENT_SECRET}; a file holding only the secret
 * ({@code TESSERA_ADMIN_UI_CLIENT_SECRET_FILE}, the way a secrets manager's agent mounts
 * it); and, outside production mode, the {@code admin-ui-client.properties} file the
 * authorization server writes to the shared data directory when it registers the console
 * on a development database.
 * <p>
 * Read on every sign-in rather than at start: in development both apps start together,
 * and the file appears only once the authorization server has registered the console.
 */
public class ConsoleCredentials {

	/** The file the authorization server writes the console's credentials to. */
	public static final String DEVELOPMENT_FILE = "admin-ui-client.properties";

	private final TesseraProperties properties;

	public ConsoleCredentials(TesseraProperties properties) {
		this.properties = properties;
	}

	/** The client id and secret, or empty with nothing configured yet. */
	public Optional<Credentials> current() {
		TesseraProperties.Console console = this.properties.console();
		if (StringUtils.hasText(console.clientSecret())) {
			return Optional.of(new Credentials(console.clientId(), console.clientSecret()));
		}
		if (console.clientSecretFile() != null && !console.clientSecretFile().toString().isEmpty()) {
			return read(console.clientSecretFile()).map(secret -> new Credentials(console.clientId(), secret.strip()));
		}
		if (this.properties.isProduction()) {
			return Optional.empty();
		}
		return read(this.properties.dataDir().resolve(DEVELOPMENT_FILE)).flatMap(ConsoleCredentials::parse);
	}

	/** What to tell an operator when {@link #current()} is empty. */
	public String howToConfigure() {
		String configure = "set TESSERA_ADMIN_UI_CLIENT_ID and TESSERA_ADMIN_UI_CLIENT_SECRET (or "
				+ "TESSERA_ADMIN_UI_CLIENT_SECRET_FILE) to the console's client at the authorization server";
		if (this.properties.isProduction()) {
			return "The console has no client credentials: " + configure + ".";
		}
		return "The console has no client credentials yet: the authorization server writes them to "
				+ this.properties.dataDir().toAbsolutePath().resolve(DEVELOPMENT_FILE)
				+ " when it starts on a development database (start both with bin/tessera-dev), or " + configure + ".";
	}

	private static Optional<String> read(Path file) {
		try {
			return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the console's client credentials from " + file, ex);
		}
	}

	private static Optional<Credentials> parse(String text) {
		Properties properties = new Properties();
		try (Reader reader = new java.io.StringReader(text)) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		String id = properties.getProperty("client_id");
		String secret = properties.getProperty("client_secret");
		if (!StringUtils.hasText(id) || !StringUtils.hasText(secret)) {
			return Optional.empty();
		}
		return Optional.of(new Credentials(id.strip(), secret.strip()));
	}

	/**
	 * The console's client id and secret; the secret never appears in
	 * {@link #toString()}.
	 */
	public record Credentials(String clientId, String clientSecret) {

		@Override
		public String toString() {
			return "Credentials[clientId=" + this.clientId + "]";
		}

	}

}
