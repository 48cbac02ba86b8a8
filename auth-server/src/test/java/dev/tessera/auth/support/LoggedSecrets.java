package dev.tessera.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every secret and token the tests of this JVM created or sent (client secrets, tokens,
 * assertions, authorization codes, passwords, the database roles' passwords, the dev
 * bootstrap's client secrets and admin password), recorded by the test helpers that
 * handle them ({@link Http}, {@link AdminApi}, {@link TestDatabase}, the data directories
 * of {@link TesseraTestContextCustomizerFactory} and {@link Node}), so that the log scan
 * after the build's tests ({@code NoSecretInLogsTest}, in a surefire execution of its
 * own) can look for each in every captured log line ({@link LogCapture}). Each new value
 * is appended at once to this JVM's {@code target/log-scan/<build>/secrets-<pid>.txt}
 * ({@link LogScanRun}; one value a line, backslash, CR and LF escaped): test secrets
 * only, never an externally supplied credential.
 */
public final class LoggedSecrets {

	/**
	 * Shorter values are not recorded: a test's {@code "x"} would be found in any line,
	 * and no secret Tessera issues is that short.
	 */
	static final int MIN_LENGTH = 8;

	/** Form fields and JSON members that carry a secret or a token. */
	private static final Set<String> SECRET_NAMES = Set.of("client_secret", "client_assertion", "assertion",
			"refresh_token", "access_token", "id_token", "token", "code", "code_verifier", "password", "secret",
			"subject_token", "actor_token", "clientSecret", "newPassword", "currentPassword");

	private static final Pattern JSON_MEMBER = Pattern.compile(
			"\"(client_secret|clientSecret|secret|access_token|refresh_token|id_token|password|newPassword|currentPassword)\"\\s*:\\s*\"([^\"]+)\"");

	private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

	private static final Set<Path> DATA_DIRS = ConcurrentHashMap.newKeySet();

	private static Writer file;

	private LoggedSecrets() {
	}

	/**
	 * Records a secret or token; a JWT's signature is recorded on its own as well (a
	 * leaked token cut short still shows it).
	 */
	public static void record(String value) {
		if (value == null || value.length() < MIN_LENGTH) {
			return;
		}
		add(value);
		String[] parts = value.split("\\.");
		if (parts.length == 3 && parts[2].length() >= 32) {
			add(parts[2]);
		}
	}

	private static void add(String value) {
		if (VALUES.add(value)) {
			persist(value);
		}
	}

	private static synchronized void persist(String value) {
		try {
			if (file == null) {
				file = Files.newBufferedWriter(LogScanRun.file("secrets", "txt"), StandardCharsets.UTF_8,
						StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			file.write(value.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n"));
			file.write('\n');
			file.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every value recorded in this build, by every test JVM (the files in
	 * {@code directory}).
	 */
	public static Set<String> recordedIn(Path directory) throws IOException {
		Set<String> values = new HashSet<>();
		try (Stream<Path> files = Files.list(directory)) {
			for (Path secrets : files.filter((f) -> f.getFileName().toString().startsWith("secrets-")).toList()) {
				values.addAll(read(secrets));
			}
		}
		return values;
	}

	/** The values of one file written by {@link #persist}. */
	public static List<String> read(Path secrets) throws IOException {
		return Files.readAllLines(secrets, StandardCharsets.UTF_8).stream().map(LoggedSecrets::unescape).toList();
	}

	private static String unescape(String line) {
		StringBuilder value = new StringBuilder(line.length());
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '\\' && i + 1 < line.length()) {
				char next = line.charAt(++i);
				value.append((next == 'n') ? '\n' : (next == 'r') ? '\r' : next);
			}
			else {
				value.append(c);
			}
		}
		return value.toString();
	}

	/** Records the value of a form field or JSON member if its name says it is secret. */
	public static void recordField(String name, String value) {
		if (name != null && SECRET_NAMES.contains(name)) {
			record(value);
		}
	}

	/** Records the secrets in a JSON text (a response, a request body). */
	public static void recordJson(String json) {
		if (json == null || json.indexOf('"') < 0) {
			return;
		}
		Matcher matcher = JSON_MEMBER.matcher(json);
		while (matcher.find()) {
			record(matcher.group(2));
		}
	}

	/** Records the credentials of an {@code Authorization} header. */
	public static void recordAuthorization(String header) {
		if (header == null) {
			return;
		}
		if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			record(header.substring(7).trim());
		}
		else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
			String encoded = header.substring(6).trim();
			record(encoded);
			try {
				String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				if (colon >= 0) {
					record(java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
				}
			}
			catch (IllegalArgumentException ex) {
				// a test's malformed header: the encoded form is recorded
			}
		}
	}

	/**
	 * A server's data directory: the dev bootstrap client's secret it writes there is
	 * read at scan time.
	 */
	public static void recordDataDir(Path dataDir) {
		DATA_DIRS.add(dataDir);
	}

	/**
	 * Everything recorded, with the secrets the dev bootstrap wrote so far to the data
	 * directories (the bootstrap client's and the console client's secrets, the admin
	 * user's password: any {@code *.properties} value whose key names a secret or a
	 * password).
	 */
	public static Set<String> values() {
		for (Path dir : DATA_DIRS) {
			if (!Files.isDirectory(dir)) {
				continue;
			}
			try (Stream<Path> files = Files.list(dir)) {
				for (Path file : files.filter((f) -> f.getFileName().toString().endsWith(".properties")).toList()) {
					for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
						int equals = line.indexOf('=');
						String key = (equals > 0) ? line.substring(0, equals).toLowerCase(Locale.ROOT) : "";
						if (key.contains("secret") || key.contains("password")) {
							record(line.substring(equals + 1).trim());
						}
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return Set.copyOf(VALUES);
	}

}
