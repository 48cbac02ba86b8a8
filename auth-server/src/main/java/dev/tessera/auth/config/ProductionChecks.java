package dev.tessera.auth.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * What production mode refuses, each violation saying what to set: the embedded
 * PostgreSQL; no key-encryption key, the development one, a placeholder one, or a KEK
 * file others can read; bootstrap credentials that are placeholders; a development
 * credentials file left in the data directory; an issuer that is not https; a TLS
 * protocol below 1.2 anywhere it can be set; and the management port (health, metrics) on
 * the public port, or on every interface without credentials.
 *
 * <p>
 * Reads the raw environment (it runs before anything is bound or started), under the
 * names Spring's relaxed binding accepts, so an environment variable is checked like the
 * property it sets.
 */
final class ProductionChecks {

	/**
	 * Words that mark a value as a placeholder someone meant to replace (compared in
	 * lower case).
	 */
	private static final List<String> PLACEHOLDERS = List.of("changeme", "change-me", "change_me", "changeit",
			"example", "placeholder", "password", "secret", "default", "tessera");

	/**
	 * A generated secret (32+ random characters of base64 or hex) has far more distinct
	 * characters than this; a typed phrase or a repeated pattern has fewer.
	 */
	private static final int MIN_DISTINCT_CHARACTERS = 12;

	/** Protocols older than TLS 1.2. */
	private static final Set<String> OLD_PROTOCOLS = Set.of("sslv2", "sslv2hello", "sslv3", "ssl", "tls", "tlsv1",
			"tlsv1.0", "tlsv1.1");

	/** Files the development bootstrap writes secrets to, under the data directory. */
	private static final List<String> DEVELOPMENT_FILES = List.of("bootstrap-client.properties",
			"admin-ui-client.properties", "admin-user.properties");

	private final ConfigurableEnvironment environment;

	ProductionChecks(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	List<String> violations() {
		List<String> violations = new ArrayList<>();
		database(violations);
		keyEncryptionKey(violations);
		bootstrap(violations);
		issuer(violations);
		tls(violations);
		management(violations);
		return violations;
	}

	private void database(List<String> violations) {
		if (!StringUtils.hasText(property("spring.datasource.url"))) {
			violations.add("no database is configured (the embedded PostgreSQL is for development): "
					+ "set SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD");
		}
	}

	private void keyEncryptionKey(List<String> violations) {
		String value = property("tessera.keys.encryption-key");
		String file = property("tessera.keys.encryption-key-file");
		if (StringUtils.hasText(value)) {
			placeholderKey(value, "TESSERA_KEYS_ENCRYPTION_KEY", violations);
			return;
		}
		if (!StringUtils.hasText(file)) {
			violations.add("no key-encryption key is configured (a generated one is for development): "
					+ "set TESSERA_KEYS_ENCRYPTION_KEY or TESSERA_KEYS_ENCRYPTION_KEY_FILE, or mount it in the config tree");
			return;
		}
		Path path = Path.of(file.trim());
		if (path.toAbsolutePath().normalize().equals(dataDir().resolve("kek"))) {
			violations.add("the key-encryption key file " + path + " is where development mode generates its key: "
					+ "generate a production key elsewhere (openssl rand -base64 32), point "
					+ "TESSERA_KEYS_ENCRYPTION_KEY_FILE at it, and re-encrypt the signing keys (KEK rotation)");
		}
		String exposure = exposure(path);
		if (exposure != null) {
			violations.add("the key-encryption key file " + path + " " + exposure
					+ ": make it readable by the server's user only (chmod 600 or 400)");
		}
		else if (Files.isReadable(path)) {
			try {
				placeholderKey(Files.readString(path).trim(), "the key-encryption key file " + path, violations);
			}
			catch (IOException ex) {
				// the key loader reports an unreadable file with its own message
			}
		}
	}

	/**
	 * A KEK that is not 32 random bytes: all one byte (zeros, a pasted example), or few
	 * distinct bytes.
	 */
	private static void placeholderKey(String base64, String source, List<String> violations) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			return; // the key loader refuses it with its own message
		}
		Set<Byte> distinct = new TreeSet<>();
		for (byte b : key) {
			distinct.add(b);
		}
		if (key.length == 32 && distinct.size() < 8) {
			violations.add(source + " is not random (" + distinct.size()
					+ " distinct byte values): generate one with openssl rand -base64 32");
		}
	}

	private void bootstrap(List<String> violations) {
		credential("tessera.bootstrap.client-secret", "TESSERA_BOOTSTRAP_CLIENT_SECRET", violations);
		credential("tessera.bootstrap.admin-password", "TESSERA_BOOTSTRAP_ADMIN_PASSWORD", violations);
		credential("tessera.management.password", "TESSERA_MANAGEMENT_PASSWORD", violations);
		for (String name : DEVELOPMENT_FILES) {
			Path file = dataDir().resolve(name);
			if (Files.exists(file)) {
				violations.add("the development credentials file " + file
						+ " is in the data directory: those credentials were written in plain text; "
						+ "rotate them and delete the file, or set TESSERA_DATA_DIR to a production directory");
			}
		}
	}

	private void credential(String property, String variable, List<String> violations) {
		String value = property(property);
		if (!StringUtils.hasText(value)) {
			return;
		}
		String lower = value.toLowerCase(Locale.ROOT);
		boolean placeholder = PLACEHOLDERS.stream().anyMatch(lower::contains);
		if (placeholder || value.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
			violations.add(variable + " looks like a default or placeholder value"
					+ (placeholder ? " (it contains a word such as 'changeme' or 'secret')"
							: " (fewer than " + MIN_DISTINCT_CHARACTERS + " distinct characters)")
					+ ": set a generated one, e.g. openssl rand -base64 33");
		}
	}

	private void issuer(List<String> violations) {
		String issuer = this.environment.getProperty("tessera.issuer", "");
		if (!issuer.startsWith("https://")) {
			violations.add("the issuer '" + issuer + "' is not an https URL: set TESSERA_ISSUER");
		}
	}

	/**
	 * Any protocol list that can reach a TLS connector: Spring Boot's
	 * {@code server.ssl.*}, SSL bundles' {@code options.enabled-protocols}, and the JDK's
	 * {@code jdk.tls.server.protocols}, in any spelling relaxed binding accepts (a YAML
	 * list's {@code [0]} or an environment variable's {@code _0_} included). Each name is
	 * checked at its resolved value, so a setting overridden by a higher source is judged
	 * by what wins. Tessera's own mTLS connector allows TLS 1.2 and 1.3 only, whatever is
	 * set.
	 */
	private void tls(List<String> violations) {
		Set<String> reported = new TreeSet<>();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable)) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				String canonical = name.toLowerCase(Locale.ROOT).replaceAll("[-_.\\[\\]]", "").replaceAll("\\d+$", "");
				boolean protocolName = canonical.equals("serversslprotocol");
				if (!protocolName && !canonical.endsWith("enabledprotocols")
						&& !canonical.equals("jdktlsserverprotocols")) {
					continue;
				}
				String value = this.environment.getProperty(name);
				String old = (value != null) ? oldProtocols(value, protocolName) : null;
				if (old != null && reported.add(name)) {
					violations.add(name + " allows " + old
							+ ", older than TLS 1.2: allow only TLSv1.2 and TLSv1.3 (or leave it unset)");
				}
			}
		}
	}

	/**
	 * The protocols of the list older than TLS 1.2, or null. {@code server.ssl.protocol}
	 * names an SSLContext, where {@code TLS} (Spring Boot's default) means the JDK's
	 * enabled versions, 1.2 and 1.3: only a versioned name is old there.
	 */
	private static String oldProtocols(String value, boolean contextName) {
		List<String> old = new ArrayList<>();
		for (String protocol : value.split("[,\\s]+")) {
			String name = protocol.trim().toLowerCase(Locale.ROOT);
			if (contextName && (name.equals("tls") || name.equals("ssl"))) {
				continue;
			}
			if (OLD_PROTOCOLS.contains(name)) {
				old.add(protocol.trim());
			}
		}
		return old.isEmpty() ? null : String.join(", ", old);
	}

	/**
	 * The management port must be its own, and either bound to one interface or protected
	 * by credentials: it serves metrics that name every client.
	 */
	private void management(List<String> violations) {
		String port = property("management.server.port");
		if ("-1".equals(port)) {
			return; // no management server
		}
		if (port == null || (!"0".equals(port) && port.equals(this.environment.getProperty("server.port")))) {
			violations.add("the management endpoints (health, metrics) would be on the public port: "
					+ "set TESSERA_MANAGEMENT_PORT to a port of their own");
			return;
		}
		String address = property("management.server.address");
		boolean everyInterface = !StringUtils.hasText(address) || isWildcard(address.trim());
		boolean protectedByCredentials = StringUtils.hasText(property("tessera.management.username"))
				&& StringUtils.hasText(property("tessera.management.password"));
		if (everyInterface && !protectedByCredentials) {
			violations.add("the management port " + port + " (health, metrics) listens on every interface "
					+ "without credentials: set TESSERA_MANAGEMENT_USERNAME and TESSERA_MANAGEMENT_PASSWORD "
					+ "(HTTP Basic for all but the health probes), or MANAGEMENT_SERVER_ADDRESS to one interface");
		}
	}

	private static boolean isWildcard(String address) {
		try {
			return InetAddress.getByName(address).isAnyLocalAddress();
		}
		catch (UnknownHostException ex) {
			return false; // Spring refuses it at start with its own message
		}
	}

	private Path dataDir() {
		return Path.of(this.environment.getProperty("tessera.data-dir", "./tessera-data")).toAbsolutePath().normalize();
	}

	private String property(String name) {
		String value = this.environment.getProperty(name);
		return StringUtils.hasText(value) ? value : null;
	}

	/**
	 * Why a KEK file is exposed to other users, or null when only its owner can read it.
	 */
	static String exposure(Path file) {
		Set<PosixFilePermission> permissions;
		try {
			permissions = Files.getPosixFilePermissions(file);
		}
		catch (UnsupportedOperationException ex) {
			return null; // not a POSIX file system: nothing to check
		}
		catch (IOException ex) {
			return "cannot be read (" + ex.getClass().getSimpleName() + ")";
		}
		List<String> granted = new ArrayList<>();
		for (PosixFilePermission permission : permissions) {
			String name = permission.name();
			if (name.startsWith("GROUP_") || name.startsWith("OTHERS_")) {
				granted.add(name.toLowerCase(Locale.ROOT));
			}
		}
		return granted.isEmpty() ? null
				: "grants rights to other users (" + String.join(", ", granted.stream().sorted().toList()) + ")";
	}

}
