package dev.tessera.deploy.image;

import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth-server image starts and serves: loaded into podman and run with a read-only
 * root file system, a tmpfs /tmp and data directory, in its own production mode, against
 * a real PostgreSQL (embedded, on the host) with the runtime and owner roles of
 * db/README.md. It becomes ready on the management port, issues a client-credentials
 * token to the bootstrap client, the token verifies against the published JWKS, and the
 * health output says the AWS-LC provider signs (component {@code nativeCrypto} UP).
 * <p>
 * Outside CI, where podman cannot run a container (no podman, or no cgroups it can use),
 * the same server starts from the image's own files instead: the layers extracted to a
 * directory and {@code /opt/java/bin/java} run under {@code chroot} as user 10001, which
 * proves the runtime and the libraries in the image suffice (not the read-only root). The
 * output says which way it ran; it skips only where neither is possible (neither podman
 * nor root with a mount namespace), naming why. Under {@code CI=true} a podman that is
 * missing or cannot run the image fails the test.
 */
class ImageRuntimeTest {

	private static final ObjectMapper json = new ObjectMapper();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@TempDir
	Path work;

	@Test
	void authServerImageIssuesAVerifiableTokenAndSignsWithAwsLc() throws Exception {
		Path tarball = Images.tarball("auth-server");
		try (Engine engine = Engine.detect(tarball, Images.tag("auth-server"), this.work)) {
			System.out.println("ImageRuntimeTest: " + engine.description());
			Assumptions.assumeTrue(engine.canRun(), engine.description());
			run(engine);
		}
	}

	private void run(Engine engine) throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
			createRoles(postgres);
			int port = freePort();
			int managementPort = freePort();
			String clientId = "image-test";
			String clientSecret = random(24);
			Map<String, String> env = new LinkedHashMap<>();
			env.put("TESSERA_ISSUER", "https://auth.tessera.test");
			env.put("TESSERA_PORT", Integer.toString(port));
			env.put("TESSERA_MANAGEMENT_PORT", Integer.toString(managementPort));
			// a name, not an address: resolving it inside the image goes through glibc's
			// nsswitch.conf and /etc/hosts (which the engine provides, as Kubernetes
			// does)
			env.put("SPRING_DATASOURCE_URL", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres");
			env.put("SPRING_DATASOURCE_USERNAME", "tessera_app");
			env.put("SPRING_FLYWAY_USER", "postgres");
			env.put("TESSERA_KEYS_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(bytes(32)));
			env.put("TESSERA_MANAGEMENT_USERNAME", "monitoring");
			env.put("TESSERA_MANAGEMENT_PASSWORD", random(24));
			env.put("TESSERA_BOOTSTRAP_CLIENT_ID", clientId);
			env.put("TESSERA_BOOTSTRAP_CLIENT_SECRET", clientSecret);

			Instant started = Instant.now();
			try (Engine.Running server = engine.start(env)) {
				String management = "http://127.0.0.1:" + managementPort;
				awaitReady(server, management + "/actuator/health/readiness", Duration.ofMinutes(3));
				System.out.println("ImageRuntimeTest: ready in " + Duration.between(started, Instant.now()).toSeconds()
						+ " s (" + engine.description() + ")");

				HttpResponse<String> token = http.send(
						HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
							.header("Authorization", "Basic " + Base64.getEncoder()
								.encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8)))
							.header("Content-Type", "application/x-www-form-urlencoded")
							.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
							.timeout(Duration.ofSeconds(30))
							.build(),
						HttpResponse.BodyHandlers.ofString());
				assertThat(token.statusCode()).as(token.body() + server.logs()).isEqualTo(200);
				String accessToken = json.readTree(token.body()).get("access_token").asString();

				JsonNode jwks = json.readTree(get("http://127.0.0.1:" + port + "/oauth2/jwks").body());
				JsonNode claims = verify(accessToken, jwks);
				assertThat(claims.get("iss").asString()).isEqualTo("https://auth.tessera.test");
				assertThat(claims.get("sub").asString()).isEqualTo(clientId);

				HttpResponse<String> health = get(management + "/actuator/health");
				assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
				assertThat(json.readTree(health.body()).get("components").get("nativeCrypto").get("status").asString())
					.as("AWS-LC signs inside the image: " + health.body() + server.logs())
					.isEqualTo("UP");
				assertThat(server.logs()).contains("Signing with the Amazon Corretto Crypto Provider");
			}
		}
	}

	@Test
	void adminUiImageStartsAndAnswersItsHealth() throws Exception {
		Path tarball = Images.tarball("admin-ui");
		try (Engine engine = Engine.detect(tarball, Images.tag("admin-ui"), this.work)) {
			System.out.println("ImageRuntimeTest (admin-ui): " + engine.description());
			Assumptions.assumeTrue(engine.canRun(), engine.description());
			int port = freePort();
			Map<String, String> env = Map.of("TESSERA_ADMIN_UI_PORT", Integer.toString(port), "TESSERA_ISSUER",
					"https://auth.tessera.test", "TESSERA_ADMIN_UI_URL", "https://console.tessera.test");
			try (Engine.Running console = engine.start(env)) {
				awaitReady(console, "http://127.0.0.1:" + port + "/actuator/health", Duration.ofMinutes(2));
				HttpResponse<String> health = get("http://127.0.0.1:" + port + "/actuator/health");
				assertThat(json.readTree(health.body()).get("status").asString()).isEqualTo("UP");
			}
		}
	}

	/** The roles of db/README.md: the server logs in as a member of tessera_runtime. */
	private static void createRoles(EmbeddedPostgres postgres) throws Exception {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create role tessera_runtime nologin");
			statement.execute("create role tessera_app login in role tessera_runtime");
		}
	}

	private static void awaitReady(Engine.Running server, String url, Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!server.alive()) {
				throw new AssertionError("the server stopped before it was ready" + server.logs());
			}
			try {
				if (get(url).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(500);
		}
		throw new AssertionError("not ready within " + timeout + server.logs());
	}

	/**
	 * Checks the RS256 signature with the JDK against the JWKS key of the token's kid.
	 */
	private static JsonNode verify(String jwt, JsonNode jwks) throws Exception {
		String[] parts = jwt.split("\\.");
		JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
		assertThat(header.get("alg").asString()).isEqualTo("RS256");
		JsonNode key = null;
		for (JsonNode candidate : jwks.get("keys")) {
			if (candidate.get("kid").asString().equals(header.get("kid").asString())) {
				key = candidate;
			}
		}
		assertThat(key).as("the token's kid in the JWKS").isNotNull();
		PublicKey publicKey = KeyFactory.getInstance("RSA")
			.generatePublic(
					new RSAPublicKeySpec(new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").asString())),
							new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").asString()))));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initVerify(publicKey);
		signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
		assertThat(signature.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signature").isTrue();
		return json.readTree(Base64.getUrlDecoder().decode(parts[1]));
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		new SecureRandom().nextBytes(bytes);
		return bytes;
	}

	private static String random(int length) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(length));
	}

}
