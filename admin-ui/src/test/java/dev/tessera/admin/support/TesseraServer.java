package dev.tessera.admin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real Tessera auth server for the console's tests: the jar {@code mvn verify}
 * packages in {@code ../auth-server/target}, started once per test JVM on free ports, in
 * development mode on its own embedded PostgreSQL and data directory, exactly as
 * {@code bin/tessera-dev} starts it. It registers the console's client by itself and
 * writes its credentials to the data directory, where the console under test reads them,
 * so the dev sign-in path is what every console test goes through.
 * <p>
 * It also holds a client-credentials client with every admin scope ({@link #admin()}) for
 * setting up what a test needs and checking what the console did, and an ADMIN person
 * ({@link #ADMIN_USERNAME}) to sign in as.
 */
public final class TesseraServer {

	/** The ADMIN person created on the empty database. */
	public static final String ADMIN_USERNAME = "console-admin";

	private static final String ADMIN_CLIENT_ID = "console-test-admin";

	/** How many days the TLS certificate has left when the server starts. */
	public static final int TLS_DAYS = 20;

	private static TesseraServer shared;

	private final Process process;

	private final Path dataDir;

	private final Path log;

	private final String issuer;

	private final int consolePort;

	private final String adminPassword;

	private final AdminClient admin;

	private final TlsCertificate tlsCertificate;

	private TesseraServer(Process process, Path dataDir, Path log, String issuer, int consolePort, String adminPassword,
			String adminSecret, TlsCertificate tlsCertificate) {
		this.tlsCertificate = tlsCertificate;
		this.process = process;
		this.dataDir = dataDir;
		this.log = log;
		this.issuer = issuer;
		this.consolePort = consolePort;
		this.adminPassword = adminPassword;
		this.admin = new AdminClient(issuer, ADMIN_CLIENT_ID, adminSecret);
	}

	/**
	 * The running server, started on first use (about 20 s) and stopped when the JVM
	 * exits. Skips the calling test when the auth server has not been packaged, except on
	 * CI, where that fails it.
	 */
	public static synchronized TesseraServer shared() {
		if (shared == null) {
			shared = start(authServerJar());
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "tessera-server-stop"));
		}
		return shared;
	}

	public String issuer() {
		return this.issuer;
	}

	/** The port the console under test must listen on (its redirect URI names it). */
	public int consolePort() {
		return this.consolePort;
	}

	/** The console's URL as the server registered it. */
	public String consoleUrl() {
		return "http://127.0.0.1:" + this.consolePort;
	}

	/** The data directory the console reads its development credentials from. */
	public Path dataDir() {
		return this.dataDir;
	}

	public String adminPassword() {
		return this.adminPassword;
	}

	/**
	 * The certificate its TLS connector serves: it expires in {@link #TLS_DAYS} days, so
	 * the console lists it among those expiring within 30.
	 */
	public TlsCertificate tlsCertificate() {
		return this.tlsCertificate;
	}

	/** A client with every admin scope, for a test's own setup and checks. */
	public AdminClient admin() {
		return this.admin;
	}

	private static TesseraServer start(Path jar) {
		try {
			Path dataDir = Files.createTempDirectory("tessera-console-test-");
			Path log = Path.of("target", "tessera-auth-server.log").toAbsolutePath();
			Files.createDirectories(log.getParent());
			int port = freePort();
			int management = freePort();
			int consolePort = freePort();
			String issuer = "http://localhost:" + port;
			String adminPassword = "Console-" + random(18);
			String adminSecret = random(40);
			String java = ProcessHandle.current().info().command().orElse("java");
			List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
					"--server.port=" + port, "--server.address=127.0.0.1", "--management.server.port=" + management,
					"--management.server.address=127.0.0.1", "--tessera.issuer=" + issuer,
					"--tessera.data-dir=" + dataDir));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			Map<String, String> env = builder.environment();
			env.keySet().removeIf(k -> k.startsWith("TESSERA_") || k.startsWith("SPRING_"));
			env.put("TESSERA_BOOTSTRAP_CLIENT_ID", ADMIN_CLIENT_ID);
			env.put("TESSERA_BOOTSTRAP_CLIENT_SECRET", adminSecret);
			env.put("TESSERA_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
			env.put("TESSERA_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
			env.put("TESSERA_ADMIN_UI_URL", "http://127.0.0.1:" + consolePort);
			// mutual TLS on: a server certificate whose expiry the certificate pages show
			TlsCertificate tls = TlsCertificate.write(Files.createTempDirectory("tessera-console-tls-"),
					"CN=localhost,O=Tessera console test", Instant.now().plus(Duration.ofDays(TLS_DAYS)));
			env.put("TESSERA_TLS_PORT", String.valueOf(freePort()));
			env.put("TESSERA_TLS_CERTIFICATE", tls.certificateFile().toString());
			env.put("TESSERA_TLS_PRIVATE_KEY", tls.keyFile().toString());
			TesseraServer server = new TesseraServer(builder.start(), dataDir, log, issuer, consolePort, adminPassword,
					adminSecret, tls);
			server.awaitReady(Duration.ofSeconds(120));
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitReady(Duration timeout) {
		long end = System.nanoTime() + timeout.toNanos();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		Path credentials = this.dataDir.resolve("admin-ui-client.properties");
		while (System.nanoTime() - end < 0) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						"The auth server exited with status " + this.process.exitValue() + "; its log:\n" + logTail());
			}
			try {
				HttpResponse<Void> metadata = http
					.send(HttpRequest.newBuilder(URI.create(this.issuer + "/.well-known/oauth-authorization-server"))
						.build(), HttpResponse.BodyHandlers.discarding());
				if (metadata.statusCode() == 200 && Files.exists(credentials)) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(250);
		}
		stop();
		throw new IllegalStateException("The auth server was not ready (or wrote no " + credentials.getFileName()
				+ ") after " + timeout + "; its log:\n" + logTail());
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		FileSystemUtils.deleteRecursively(this.dataDir.toFile());
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static Path authServerJar() {
		Path target = Path.of("..", "auth-server", "target").toAbsolutePath().normalize();
		Path jar = null;
		if (Files.isDirectory(target)) {
			try (Stream<Path> files = Files.list(target)) {
				jar = files.filter(p -> p.getFileName().toString().matches("tessera-auth-server-.*\\.jar"))
					.findFirst()
					.orElse(null);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		if (jar == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("CI=true, and there is no packaged auth server in " + target);
		}
		assumeTrue(jar != null, "no packaged auth server in " + target
				+ ": run `mvn verify` from the project root, or `mvn -pl auth-server -am -DskipTests package` first");
		return jar;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		new SecureRandom().nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The admin API as a client-credentials client holding every admin scope sees it:
	 * {@code call("POST", "/scopes", json)} gives the status and the parsed body.
	 */
	public static final class AdminClient {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

		private final String issuer;

		private final String clientId;

		private final String clientSecret;

		AdminClient(String issuer, String clientId, String clientSecret) {
			this.issuer = issuer;
			this.clientId = clientId;
			this.clientSecret = clientSecret;
		}

		/** A client-credentials token for the scopes, from the token endpoint. */
		public JsonNode token(String clientId, String clientSecret, String scope) {
			String basic = Base64.getEncoder()
				.encodeToString((form(clientId) + ":" + form(clientSecret)).getBytes(StandardCharsets.UTF_8));
			HttpRequest request = HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + form(scope)))
				.build();
			return send(request).body();
		}

		/** An admin API call; {@code path} is relative to {@code /admin/api}. */
		public Response call(String method, String path, Object body) {
			return callWith(adminToken(), method, path, body);
		}

		/** An admin API call with a given bearer token. */
		public Response callWith(String token, String method, String path, Object body) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + "/admin/api" + path))
				.header("Authorization", "Bearer " + token)
				.header("Accept", "application/json");
			if (body != null) {
				request.header("Content-Type", "application/json")
					.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
			}
			else {
				request.method(method, HttpRequest.BodyPublishers.noBody());
			}
			return send(request.build());
		}

		private String adminToken() {
			return token(this.clientId, this.clientSecret, "admin:clients admin:keys admin:users admin:read audit:read")
				.get("access_token")
				.asString();
		}

		private Response send(HttpRequest request) {
			try {
				HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
				return new Response(response.statusCode(), body);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

		private static String form(String value) {
			return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	/** An admin API answer: its status and JSON body (or {@code null}). */
	public record Response(int status, JsonNode body) {
	}

}
