package dev.tessera.samples.mtls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.net.ssl.SSLHandshakeException;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import dev.tessera.samples.resourceserver.ResourceServerSample;
import dev.tessera.samples.support.MutableClock;
import dev.tessera.samples.support.TesseraServer;
import dev.tessera.samples.support.TestCertificates;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.client.RestClientException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mTLS client sample end to end against a real Tessera (its TLS port, the test CA as
 * its client CA) and the resource server sample in its {@code tls} profile, both started
 * by the test; the sample is started through its own main's application, with its
 * certificate, key and trusted CA as PEM files named the way an operator names them.
 * <p>
 * It proves that a {@code tls_client_auth} client registered with the subject of its
 * certificate and {@code certificateBoundTokens} gets a token bound to that certificate
 * ({@code cnf.x5t#S256} = the certificate's SHA-256 thumbprint) from the mTLS endpoint
 * Tessera advertises, and that the API accepts it over a connection presenting the same
 * certificate; that several calls use one token (one {@code token.issue} in Tessera's
 * audit) which is replaced before, not after, it expires; that an encrypted key whose
 * password is a mounted secret file works; that a renewal caught half-written (new key,
 * old certificate) is not loaded and calls go on with the old pair and token, and that
 * once both files are renewed they are used without a restart (a call succeeds with a
 * token bound to the new certificate); that the token never reaches the log; that a
 * certificate with another subject than the registered one fails with
 * {@code invalid_client}; that an API whose certificate (from a trusted CA) is not for
 * the host called is refused in the TLS handshake, before the token is sent; and that a
 * missing client id, or a plain {@code http} issuer or API URL to another host than a
 * loopback one, stops the start naming the variable before anything is sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class MtlsClientSampleTest {

	private static final String AUDIENCE = "https://mtls-" + TesseraServer.random(6) + ".example.test";

	private static TesseraServer tessera;

	private static ConfigurableApplicationContext api;

	private static Path apiFiles;

	private final List<ConfigurableApplicationContext> samples = new ArrayList<>();

	@TempDir
	Path files;

	@BeforeAll
	static void startApi() throws IOException {
		tessera = TesseraServer.shared();
		tessera.admin().ensureScope("sample:read");
		apiFiles = Files.createTempDirectory("mtls-sample-api");
		TestCertificates.Issued certificate = tessera.certificates().server();
		Path chain = TestCertificates.writePem(apiFiles.resolve("api-chain.pem"), certificate.certificate(),
				tessera.certificates().certificate());
		Path key = TestCertificates.writeKey(apiFiles.resolve("api-key.pem"), certificate.keys());
		api = new SpringApplicationBuilder(ResourceServerSample.class).profiles("tls")
			.run("--server.port=0", "--server.address=127.0.0.1", "--sample.issuer=" + tessera.issuer(),
					"--sample.audience=" + AUDIENCE, "--SAMPLE_TLS_CERTIFICATE=" + chain,
					"--SAMPLE_TLS_PRIVATE_KEY=" + key, "--SAMPLE_TLS_CLIENT_CAS=" + tessera.caFile());
	}

	@AfterAll
	static void stopApi() throws IOException {
		if (api != null) {
			api.close();
		}
		if (apiFiles != null) {
			FileSystemUtils.deleteRecursively(apiFiles);
		}
	}

	@AfterEach
	void stopSamples() {
		this.samples.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void callsTheApiWithOneTokenBoundToItsCertificate(CapturedOutput output) throws Exception {
		TestCertificates.Issued certificate = tessera.certificates().client("mtls-" + TesseraServer.random(6));
		String clientId = register(certificate);

		ConfigurableApplicationContext sample = start(clientId, certificate, Map.of());
		// the sample's own run made three calls; two more through its API client
		HelloApiClient helloApiClient = sample.getBean(HelloApiClient.class);
		HelloApiClient.Hello hello = helloApiClient.hello();
		helloApiClient.hello();

		assertThat(hello.clientId()).isEqualTo(clientId);
		assertThat(output).contains("Call 3 of 3: the API answered").contains("client_id=" + clientId);
		OAuth2AccessToken token = cachedToken(sample, clientId);
		assertThat(claims(token).getJSONObjectClaim("cnf")).containsEntry("x5t#S256", certificate.thumbprint());
		assertThat(issued(clientId)).as("token.issue successes for five calls").isEqualTo(1);
		assertThat(output.getAll()).doesNotContain(token.getTokenValue());
	}

	@Test
	void renewsItsTokenShortlyBeforeItExpiresWithAnEncryptedKeyFromASecretFile() throws Exception {
		TestCertificates.Issued certificate = tessera.certificates().client("mtls-" + TesseraServer.random(6));
		String clientId = register(certificate);
		MutableClock clock = new MutableClock();

		ConfigurableApplicationContext sample = start(clientId,
				ClientFiles.write(this.files, certificate, TesseraServer.random(18)), Map.of("MTLS_CALLS", "1"), clock);
		HelloApiClient helloApiClient = sample.getBean(HelloApiClient.class);
		OAuth2AccessToken first = cachedToken(sample, clientId);
		// 90 s before expiry: outside the 60 s renewal window, the token is kept
		clock.moveTo(first.getExpiresAt().minusSeconds(90));
		helloApiClient.hello();
		assertThat(cachedToken(sample, clientId).getTokenValue()).isEqualTo(first.getTokenValue());
		// 30 s before expiry: still valid, but inside the window, so replaced
		clock.moveTo(first.getExpiresAt().minusSeconds(30));
		assertThat(helloApiClient.hello().clientId()).isEqualTo(clientId);

		OAuth2AccessToken second = cachedToken(sample, clientId);
		assertThat(second.getTokenValue()).isNotEqualTo(first.getTokenValue());
		assertThat(claims(second).getJSONObjectClaim("cnf")).containsEntry("x5t#S256", certificate.thumbprint());
		assertThat(issued(clientId)).isEqualTo(2);
	}

	@Test
	void aRenewedCertificateIsUsedWithoutARestart(CapturedOutput output) throws Exception {
		String commonName = "mtls-" + TesseraServer.random(6);
		TestCertificates.Issued first = tessera.certificates().client(commonName);
		String clientId = register(first);
		ClientFiles files = ClientFiles.write(this.files, first, null);
		ConfigurableApplicationContext sample = start(clientId, files,
				Map.of("MTLS_CALLS", "1", "spring.ssl.bundle.watch.file.quiet-period", "100ms"), null);
		OAuth2AccessToken firstToken = cachedToken(sample, clientId);
		assertThat(claims(firstToken).getJSONObjectClaim("cnf")).containsEntry("x5t#S256", first.thumbprint());
		HelloApiClient helloApiClient = sample.getBean(HelloApiClient.class);

		// same subject, new key: what a renewal at half-life writes, here caught half
		// done (the new key, still the old certificate): verify-keys refuses that pair,
		// so the old one and its token stay in use
		TestCertificates.Issued renewed = tessera.certificates().client(commonName);
		files.replaceKey(renewed);
		awaitOutput(output, "Unexpected SSL reload error");
		assertThat(helloApiClient.hello().clientId()).isEqualTo(clientId);
		assertThat(cachedToken(sample, clientId).getTokenValue()).isEqualTo(firstToken.getTokenValue());

		files.replaceChain(renewed);
		// Boot's file watcher runs in real time: call (briefly, every 100 ms) until a
		// call succeeds with a token bound to the new certificate; calls before the
		// reload still use the old pair, and one racing it may be refused once
		OAuth2AuthorizedClientService authorizedClients = sample.getBean(OAuth2AuthorizedClientService.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		List<Exception> refused = new ArrayList<>();
		boolean succeededWithTheRenewed = false;
		while (!succeededWithTheRenewed) {
			assertThat(System.nanoTime() - deadline)
				.as("a call with the renewed certificate within 20 s; refused: %s", refused)
				.isNegative();
			Thread.sleep(100);
			try {
				assertThat(helloApiClient.hello().clientId()).isEqualTo(clientId);
				// the API has just accepted the cached token over this client's
				// connection
				succeededWithTheRenewed = boundTo(
						authorizedClients.loadAuthorizedClient(MtlsClientConfiguration.REGISTRATION_ID, clientId),
						renewed);
			}
			catch (RestClientException ex) {
				refused.add(ex);
			}
		}

		assertThat(refused).as("calls refused while the certificate was replaced").hasSizeLessThanOrEqualTo(1);
		assertThat(issued(clientId)).as("one token per certificate").isEqualTo(2);
	}

	@Test
	void aCertificateWithAnotherSubjectIsRefusedAsInvalidClient() {
		TestCertificates.Issued registered = tessera.certificates().client("mtls-" + TesseraServer.random(6));
		TestCertificates.Issued other = tessera.certificates().client("mtls-" + TesseraServer.random(6));
		String clientId = register(registered);

		assertThatThrownBy(() -> start(clientId, other, Map.of("MTLS_CALLS", "1"))).satisfies((failure) -> {
			ClientAuthorizationException refused = causeOf(failure, ClientAuthorizationException.class);
			assertThat(refused).as("the failure's cause chain: %s", failure).isNotNull();
			assertThat(refused.getClientRegistrationId()).isEqualTo(MtlsClientConfiguration.REGISTRATION_ID);
			assertThat(refused.getError().getErrorCode()).isEqualTo("invalid_client");
			assertThat(refused.getError().getDescription()).contains("tlsSubjectDn");
		});
		assertThat(issued(clientId)).isZero();
	}

	@Test
	void refusesAnApiWhoseCertificateIsNotForItsHost() throws IOException {
		TestCertificates.Issued certificate = tessera.certificates().client("mtls-" + TesseraServer.random(6));
		String clientId = register(certificate);
		// the same CA, but for another host than the one the sample is told to call
		TestCertificates.Issued elsewhere = tessera.certificates().server("api.elsewhere.example");
		Path dir = Files.createTempDirectory(this.files, "elsewhere");
		ConfigurableApplicationContext otherApi = new SpringApplicationBuilder(ResourceServerSample.class)
			.profiles("tls")
			.run("--server.port=0", "--server.address=127.0.0.1", "--sample.issuer=" + tessera.issuer(),
					"--sample.audience=" + AUDIENCE,
					"--SAMPLE_TLS_CERTIFICATE=" + TestCertificates.writePem(dir.resolve("chain.pem"),
							elsewhere.certificate(), tessera.certificates().certificate()),
					"--SAMPLE_TLS_PRIVATE_KEY=" + TestCertificates.writeKey(dir.resolve("key.pem"), elsewhere.keys()),
					"--SAMPLE_TLS_CLIENT_CAS=" + tessera.caFile());
		this.samples.add(otherApi);
		String url = "https://localhost:" + otherApi.getEnvironment().getProperty("local.server.port");

		assertThatThrownBy(() -> start(clientId, certificate, Map.of("MTLS_CALLS", "1", "SAMPLE_API_URL", url)))
			.satisfies((failure) -> {
				SSLHandshakeException refused = causeOf(failure, SSLHandshakeException.class);
				assertThat(refused).as("the failure's cause chain: %s", failure).isNotNull();
				assertThat(refused.getMessage()).contains("No subject alternative DNS name matching localhost");
			});
	}

	@Test
	void withoutAClientIdTheSampleStopsNamingIt() {
		TestCertificates.Issued certificate = tessera.certificates().client("mtls-" + TesseraServer.random(6));
		Map<String, String> noClientId = new HashMap<>();
		noClientId.put("TESSERA_CLIENT_ID", null);

		assertThatException().isThrownBy(() -> start("unused", certificate, noClientId))
			.havingRootCause()
			.withMessageContaining("TESSERA_CLIENT_ID");
	}

	@Test
	void plainHttpToAnotherHostIsRefusedAtStart() {
		TestCertificates.Issued certificate = tessera.certificates().client("mtls-" + TesseraServer.random(6));

		assertThatException()
			.isThrownBy(() -> start("unused", certificate, Map.of("TESSERA_ISSUER", "http://tessera.example.test")))
			.havingRootCause()
			.withMessageStartingWith("sample.mtls.issuer (TESSERA_ISSUER) must be an https URL");
		assertThatException()
			.isThrownBy(() -> start("unused", certificate, Map.of("SAMPLE_API_URL", "http://api.example.test")))
			.havingRootCause()
			.withMessageStartingWith("sample.mtls.api-url (SAMPLE_API_URL) must be an https URL");
	}

	/**
	 * Registers a {@code tls_client_auth} client for {@code certificate}'s subject, with
	 * certificate-bound tokens, the API's scope and audience.
	 */
	private static String register(TestCertificates.Issued certificate) {
		String clientId = "mtls-sample-" + TesseraServer.random(6);
		tessera.admin().createBoundTlsClient(clientId, "mTLS client sample test", certificate, AUDIENCE);
		return clientId;
	}

	private ConfigurableApplicationContext start(String clientId, TestCertificates.Issued certificate,
			Map<String, String> settings) {
		return start(clientId, ClientFiles.write(this.files, certificate, null), settings, null);
	}

	/**
	 * Starts the sample as its main does, its settings as the environment would give
	 * them.
	 */
	private ConfigurableApplicationContext start(String clientId, ClientFiles files, Map<String, String> settings,
			Clock clock) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("SAMPLE_SECRETS_DIR", files.secrets() + "/");
		environment.put("TESSERA_ISSUER", tessera.issuer());
		environment.put("TESSERA_CLIENT_ID", clientId);
		environment.put("SAMPLE_API_URL", "https://localhost:" + api.getEnvironment().getProperty("local.server.port"));
		environment.put("MTLS_CLIENT_CERTIFICATE_FILE", files.chain().toString());
		environment.put("MTLS_CLIENT_PRIVATE_KEY_FILE", files.key().toString());
		environment.put("MTLS_TRUSTED_CAS_FILE", tessera.caFile().toString());
		environment.put("MTLS_INTERVAL", "0s");
		environment.putAll(settings);
		// a setting mapped to null is not given at all
		environment.values().removeIf(Objects::isNull);
		SpringApplicationBuilder application = MtlsClientSample.application();
		if (clock != null) {
			application.initializers((context) -> context.getBeanFactory().registerSingleton("clock", clock));
		}
		ConfigurableApplicationContext sample = application.run(environment.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new));
		this.samples.add(sample);
		return sample;
	}

	/** The token the sample holds; read here, never printed. */
	private static OAuth2AccessToken cachedToken(ConfigurableApplicationContext sample, String clientId) {
		OAuth2AuthorizedClient client = sample.getBean(OAuth2AuthorizedClientService.class)
			.loadAuthorizedClient(MtlsClientConfiguration.REGISTRATION_ID, clientId);
		assertThat(client).as("the sample's cached token").isNotNull();
		return client.getAccessToken();
	}

	/**
	 * The token's claims, unverified: the API has verified it (signature, issuer,
	 * audience, binding) by answering 200; this only reads what it is bound to.
	 */
	private static JWTClaimsSet claims(OAuth2AccessToken token) throws ParseException {
		return JWTParser.parse(token.getTokenValue()).getJWTClaimsSet();
	}

	private static <T extends Throwable> T causeOf(Throwable failure, Class<T> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * Waits (up to 20 s, real time: Boot's file watcher's) until {@code text} is in the
	 * output.
	 */
	private static void awaitOutput(CapturedOutput output, String text) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!output.getAll().contains(text)) {
			assertThat(System.nanoTime() - deadline).as("\"%s\" in the output within 20 s", text).isNegative();
			Thread.sleep(50);
		}
	}

	/** Whether {@code client} holds a token bound to {@code certificate}. */
	private static boolean boundTo(OAuth2AuthorizedClient client, TestCertificates.Issued certificate)
			throws ParseException {
		return client != null && certificate.thumbprint()
			.equals(claims(client.getAccessToken()).getJSONObjectClaim("cnf").get("x5t#S256"));
	}

	/** How many tokens Tessera issued to the client. */
	private static int issued(String clientId) {
		return tessera.admin().audit("clientId=" + clientId + "&operation=token.issue&outcome=success").size();
	}

	/**
	 * The client's PEM files as an operator mounts them: its chain, its key (encrypted
	 * when there is a password, which then goes only into a file of the secrets
	 * directory) and that directory.
	 */
	record ClientFiles(Path chain, Path key, Path secrets, String keyPassword) {

		static ClientFiles write(Path parent, TestCertificates.Issued certificate, String keyPassword) {
			try {
				Path dir = Files.createTempDirectory(parent, "sample");
				Path secrets = Files.createDirectory(dir.resolve("secrets"));
				if (keyPassword != null) {
					Files.writeString(secrets.resolve("MTLS_CLIENT_PRIVATE_KEY_PASSWORD"), keyPassword);
				}
				ClientFiles files = new ClientFiles(dir.resolve("client-chain.pem"), dir.resolve("client-key.pem"),
						secrets, keyPassword);
				files.replaceWith(certificate);
				return files;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/**
		 * Writes {@code certificate} and its key as a certificate renewal does: each file
		 * written aside, then renamed over the old one.
		 */
		void replaceWith(TestCertificates.Issued certificate) {
			replaceKey(certificate);
			replaceChain(certificate);
		}

		/** The first half of a renewal: the key file, written aside and renamed. */
		void replaceKey(TestCertificates.Issued certificate) {
			try {
				Path key = Files.createTempFile(this.key.getParent(), "key", ".tmp");
				if (this.keyPassword != null) {
					writeEncryptedKey(key, certificate, this.keyPassword);
				}
				else {
					TestCertificates.writeKey(key, certificate.keys());
				}
				Files.move(key, this.key, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** The second half: the certificate chain, written aside and renamed. */
		void replaceChain(TestCertificates.Issued certificate) {
			try {
				Path chain = TestCertificates.writePem(Files.createTempFile(this.chain.getParent(), "chain", ".tmp"),
						certificate.certificate(), tessera.certificates().certificate());
				Files.move(chain, this.chain, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		/** PKCS#8 encrypted with PBES2 (PBKDF2 with HMAC-SHA256, AES-256-CBC). */
		static Path writeEncryptedKey(Path file, TestCertificates.Issued certificate, String password) {
			try {
				JceOpenSSLPKCS8EncryptorBuilder encryptor = new JceOpenSSLPKCS8EncryptorBuilder(
						PKCS8Generator.AES_256_CBC);
				encryptor.setProvider(new BouncyCastleProvider());
				encryptor.setPRF(PKCS8Generator.PRF_HMACSHA256);
				encryptor.setPassword(password.toCharArray());
				StringWriter pem = new StringWriter();
				try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
					writer.writeObject(new JcaPKCS8Generator(certificate.keys().getPrivate(), encryptor.build()));
				}
				return Files.writeString(file, pem.toString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (OperatorCreationException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
