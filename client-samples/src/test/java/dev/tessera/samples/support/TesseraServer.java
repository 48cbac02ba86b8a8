package dev.tessera.samples.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.security.auth.x500.X500Principal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real Tessera auth server the samples' tests run against: the jar {@code mvn verify}
 * packages in {@code ../auth-server/target}, started once per test JVM on free ports, in
 * development mode on its own embedded PostgreSQL and data directory, with its TLS port
 * open (a server certificate from {@link #certificates()}, whose CA is also the only
 * client CA Tessera trusts for {@code tls_client_auth}).
 * <p>
 * Tests register what their sample needs (scopes, clients, trusted issuers, people)
 * through the admin API with {@link #admin()}, as an operator would, and read the audit
 * trail through it to see what the sample really asked Tessera for.
 */
public final class TesseraServer {

	private static final String ADMIN_CLIENT_ID = "samples-test-admin";

	private static final String ADMIN_SCOPES = "admin:clients admin:keys admin:users admin:read audit:read";

	private static TesseraServer shared;

	private final Process process;

	private final Path dataDir;

	private final Path log;

	private final String issuer;

	private final String tlsUrl;

	private final TestCertificates certificates;

	private final Path caFile;

	private final AdminClient admin;

	private TesseraServer(Process process, Path dataDir, Path log, String issuer, String tlsUrl,
			TestCertificates certificates, Path caFile, String adminSecret) {
		this.process = process;
		this.dataDir = dataDir;
		this.log = log;
		this.issuer = issuer;
		this.tlsUrl = tlsUrl;
		this.certificates = certificates;
		this.caFile = caFile;
		this.admin = new AdminClient(issuer, ADMIN_CLIENT_ID, adminSecret);
	}

	/**
	 * The running server, started on first use (20-40 s) and stopped when the JVM exits.
	 * Skips the calling test when the auth server has not been packaged, except on CI
	 * ({@code CI=true}), where that fails it.
	 */
	public static synchronized TesseraServer shared() {
		if (shared == null) {
			shared = startOnFreePorts(authServerJar());
			Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "tessera-server-stop"));
		}
		return shared;
	}

	/** The {@code iss} of its tokens, {@code http://localhost:<port>}. */
	public String issuer() {
		return this.issuer;
	}

	/** The base URL of its mTLS port, {@code https://localhost:<tls port>}. */
	public String tlsUrl() {
		return this.tlsUrl;
	}

	/**
	 * The CA that issued Tessera's TLS certificate and that Tessera trusts for client
	 * certificates ({@code TESSERA_TLS_CLIENT_CAS}): issue clients' certificates and
	 * other TLS servers' certificates (a resource server's) from it.
	 */
	public TestCertificates certificates() {
		return this.certificates;
	}

	/** That CA's certificate as a PEM file, to trust Tessera's TLS port with. */
	public Path caFile() {
		return this.caFile;
	}

	/** A client with every admin scope, for a test's own setup and checks. */
	public AdminClient admin() {
		return this.admin;
	}

	/**
	 * A port found free can be taken by another process before the server binds it (other
	 * builds share this machine): a start that fails for that reason is tried again on
	 * new ports, twice at most.
	 */
	private static TesseraServer startOnFreePorts(Path jar) {
		for (int attempt = 1;; attempt++) {
			try {
				return start(jar);
			}
			catch (PortTakenException ex) {
				if (attempt == 3) {
					throw ex;
				}
			}
		}
	}

	private static TesseraServer start(Path jar) {
		try {
			Path dataDir = Files.createTempDirectory("tessera-samples-test-");
			Path tlsDir = Files.createDirectories(dataDir.resolve("test-tls"));
			Path log = Path.of("target", "tessera-auth-server.log").toAbsolutePath();
			Files.createDirectories(log.getParent());
			int port = freePort();
			int management = freePort();
			int tlsPort = freePort();
			String issuer = "http://localhost:" + port;
			String adminSecret = random(40);
			TestCertificates certificates = new TestCertificates();
			TestCertificates.Issued server = certificates.server();
			Path chain = TestCertificates.writePem(tlsDir.resolve("tessera-chain.pem"), server.certificate(),
					certificates.certificate());
			Path key = TestCertificates.writeKey(tlsDir.resolve("tessera-key.pem"), server.keys());
			Path caFile = TestCertificates.writePem(tlsDir.resolve("ca.pem"), certificates.certificate());
			String java = ProcessHandle.current().info().command().orElse("java");
			List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
					"--server.port=" + port, "--server.address=127.0.0.1", "--management.server.port=" + management,
					"--management.server.address=127.0.0.1", "--tessera.issuer=" + issuer,
					"--tessera.data-dir=" + dataDir));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			Map<String, String> env = builder.environment();
			env.keySet().removeIf((name) -> name.startsWith("TESSERA_") || name.startsWith("SPRING_"));
			env.put("TESSERA_BOOTSTRAP_CLIENT_ID", ADMIN_CLIENT_ID);
			env.put("TESSERA_BOOTSTRAP_CLIENT_SECRET", adminSecret);
			env.put("TESSERA_TLS_PORT", String.valueOf(tlsPort));
			env.put("TESSERA_TLS_CERTIFICATE", chain.toString());
			env.put("TESSERA_TLS_PRIVATE_KEY", key.toString());
			env.put("TESSERA_TLS_CLIENT_CAS", caFile.toString());
			TesseraServer tessera = new TesseraServer(builder.start(), dataDir, log, issuer,
					"https://localhost:" + tlsPort, certificates, caFile, adminSecret);
			tessera.awaitReady(management, Duration.ofSeconds(180));
			return tessera;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits for readiness on the management port, which Spring Boot reports only after
	 * the bootstrap (the admin client) has run; the public port answers before that.
	 */
	private void awaitReady(int managementPort, Duration timeout) {
		long end = System.nanoTime() + timeout.toNanos();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		while (System.nanoTime() - end < 0) {
			if (!this.process.isAlive()) {
				String log = logTail();
				String message = "The auth server exited with status " + this.process.exitValue() + "; its log:\n"
						+ log;
				FileSystemUtils.deleteRecursively(this.dataDir.toFile());
				if (log.contains("already in use")) {
					throw new PortTakenException(message);
				}
				throw new IllegalStateException(message);
			}
			try {
				HttpResponse<Void> readiness = http.send(HttpRequest
					.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (readiness.statusCode() == 200) {
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
		throw new IllegalStateException("The auth server was not ready after " + timeout + "; its log:\n" + logTail());
	}

	private void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
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
				jar = files.filter((file) -> file.getFileName().toString().matches("tessera-auth-server-.*\\.jar"))
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

	/** A free port on this machine, for a sample the test starts. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * {@code bytes} random bytes as lowercase hex: an id, a host name label or a password
	 * nobody else uses (hex, because base64url's {@code _} is no valid host name
	 * character and a random audience URL must stay a URL).
	 */
	public static String random(int bytes) {
		byte[] value = new byte[bytes];
		new SecureRandom().nextBytes(value);
		return HexFormat.of().formatHex(value);
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
	 * {@code call("POST", "/scopes", body)} gives the status and the parsed body.
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

		/** An admin API call; {@code path} is relative to {@code /admin/api}. */
		public Response call(String method, String path, Object body) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + "/admin/api" + path))
				.header("Authorization", "Bearer " + adminToken())
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

		/** Registers a scope unless it exists. */
		public void ensureScope(String name) {
			Response created = call("POST", "/scopes", Map.of("name", name, "description", "Client samples: " + name));
			assertThat(created.status()).as("POST /scopes %s: %s", name, created.body()).isIn(201, 409);
		}

		/**
		 * Registers a client ({@code POST /clients}, the contract's fields) and answers
		 * what the server said: the client, and its {@code clientSecret} for secret
		 * methods.
		 */
		public JsonNode createClient(Map<String, Object> client) {
			Response created = call("POST", "/clients", client);
			assertThat(created.status()).as("POST /clients: %s", created.body()).isEqualTo(201);
			return created.body();
		}

		/**
		 * Registers a {@code tls_client_auth} client for {@code certificate}'s subject
		 * DN, with certificate-bound tokens ({@code cnf.x5t#S256}), the scope
		 * {@code sample:read} and one audience.
		 */
		public void createBoundTlsClient(String clientId, String name, TestCertificates.Issued certificate,
				String audience) {
			Map<String, Object> client = new LinkedHashMap<>();
			client.put("clientId", clientId);
			client.put("name", name);
			client.put("grantTypes", List.of("client_credentials"));
			client.put("authMethods", List.of("tls_client_auth"));
			client.put("tlsSubjectDn",
					certificate.certificate().getSubjectX500Principal().getName(X500Principal.RFC2253));
			client.put("certificateBoundTokens", true);
			client.put("scopes", List.of("sample:read"));
			client.put("audiences", List.of(audience));
			createClient(client);
		}

		/**
		 * Audit events matching {@code query} (e.g.
		 * {@code clientId=x&operation=token.issue}), newest first, as {@code GET /audit}
		 * gives them. The writer commits in groups, so a test that counts events waits
		 * for the one it knows must be there.
		 */
		public List<JsonNode> audit(String query) {
			Response events = call("GET", "/audit?limit=500&" + query, null);
			assertThat(events.status()).as("GET /audit?%s: %s", query, events.body()).isEqualTo(200);
			List<JsonNode> found = new ArrayList<>();
			events.body().get("events").forEach(found::add);
			return found;
		}

		private String adminToken() {
			String basic = Base64.getEncoder()
				.encodeToString((form(this.clientId) + ":" + form(this.clientSecret)).getBytes(StandardCharsets.UTF_8));
			Response token = send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
				.header("Authorization", "Basic " + basic)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + form(ADMIN_SCOPES)))
				.build());
			assertThat(token.status()).as("admin token: %s", token.body()).isEqualTo(200);
			return token.body().get("access_token").asString();
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
			return URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

	private static final class PortTakenException extends IllegalStateException {

		PortTakenException(String message) {
			super(message);
		}

	}

	/** An admin API answer: its status and JSON body (or {@code null}). */
	public record Response(int status, JsonNode body) {
	}

}
