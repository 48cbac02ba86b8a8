package dev.tessera.samples.clientcredentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tessera.samples.resourceserver.ResourceServerSample;
import dev.tessera.samples.support.MutableClock;
import dev.tessera.samples.support.TesseraServer;
import dev.tessera.samples.support.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.client.HttpClientErrorException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Runs {@link ClientCredentialsService} end to end against a real Tessera
 * ({@link TesseraServer#shared()}) and the resource server sample started in-process, and
 * proves, through Tessera's audit trail, what it asks Tessera for: with
 * {@code client_secret_basic} (secret as a variable, and from a config-tree secret file)
 * and with {@code private_key_jwt} (RSA key from a PEM file, registered as inline
 * {@code jwks}, assertion {@code aud} = the issuer), five API calls get {@code 200} on
 * exactly one token; the token is kept until {@code renew-before} ahead of its expiry (a
 * test clock, no waiting) and then replaced, the API still answering; a token the API
 * refuses ({@code 401 invalid_token}) is dropped so the next call gets a fresh one; a
 * wrong secret ends in {@code invalid_client} without the secret in the message (the
 * service's runner logs that code and exits with status 1); and the runner logs each
 * answer but never the token or the secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientCredentialsServiceTest {

	private static final String SCOPE = "sample:read";

	private static TesseraServer tessera;

	private static String audience;

	private static ConfigurableApplicationContext api;

	private static String apiUrl;

	private final List<ConfigurableApplicationContext> services = new ArrayList<>();

	@TempDir
	Path dir;

	@BeforeAll
	static void startTheApi() {
		tessera = TesseraServer.shared();
		tessera.admin().ensureScope(SCOPE);
		audience = "https://cc-api-" + TesseraServer.random(6) + ".test";
		api = new SpringApplicationBuilder(ResourceServerSample.class).run("--server.port=0",
				"--sample.issuer=" + tessera.issuer(), "--sample.audience=" + audience);
		apiUrl = "http://localhost:" + api.getEnvironment().getProperty("local.server.port");
	}

	@AfterAll
	static void stopTheApi() {
		if (api != null) {
			api.close();
		}
	}

	@AfterEach
	void stopTheServices() {
		this.services.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void clientSecretBasicFetchesOneTokenForManyCalls() {
		SecretClient client = registerSecretClient(audience);
		String clientId = client.clientId();
		// the secret as the variable TESSERA_CLIENT_SECRET
		ConfigurableApplicationContext service = start(new MutableClock(), client.arguments());
		callFiveTimes(service, clientId);
		assertThat(tokenIssues(clientId)).as("token.issue successes").isEqualTo(1);
	}

	@Test
	void readsTheSecretFromASecretFile(CapturedOutput output) throws Exception {
		assertThat(System.getenv("TESSERA_CLIENT_SECRET"))
			.as("an exported TESSERA_CLIENT_SECRET beats the file (surefire excludes it)")
			.isNull();
		SecretClient client = registerSecretClient(audience);
		String clientId = client.clientId();
		Path secrets = Files.createDirectories(this.dir.resolve("secrets"));
		// as `echo "$secret" > file` writes it: the config tree drops the trailing
		// newline
		Files.writeString(secrets.resolve("TESSERA_CLIENT_SECRET"), client.secret() + "\n");
		// the service as it runs: its own runner makes the calls and logs the answers
		ConfigurableApplicationContext service = ClientCredentialsService.application()
			.run(arguments("--TESSERA_CLIENT_ID=" + clientId, "--SAMPLE_SECRETS_DIR=" + secrets + "/",
					"--SAMPLE_CALLS=3", "--SAMPLE_CALL_INTERVAL=0s"));
		this.services.add(service);
		assertThat(output.getAll().lines().filter((line) -> line.contains("client_id=" + clientId))).hasSize(3)
			.allMatch((line) -> line.contains("Hello from the Tessera resource server sample"));
		assertThat(tokenIssues(clientId)).isEqualTo(1);
		String token = cachedToken(service).getTokenValue();
		assertThat(output.getAll()).doesNotContain(token).doesNotContain(client.secret());
		assertNoJwtIn(output);
	}

	@Test
	void privateKeyJwtFetchesOneTokenForManyCalls(CapturedOutput output) throws Exception {
		KeyClient client = registerKeyClient(audience);
		String clientId = client.clientId();
		ConfigurableApplicationContext service = start(new MutableClock(), client.arguments());
		callFiveTimes(service, clientId);
		assertThat(tokenIssues(clientId)).as("token.issue successes").isEqualTo(1);
		assertNoJwtIn(output);
	}

	@Test
	void callersArrivingTogetherOnAnEmptyCacheCauseOneTokenRequest() throws Exception {
		SecretClient client = registerSecretClient(audience);
		String clientId = client.clientId();
		HelloApiClient api = start(new MutableClock(), client.arguments()).getBean(HelloApiClient.class);
		int callers = 8;
		CountDownLatch ready = new CountDownLatch(callers);
		CountDownLatch go = new CountDownLatch(1);
		ExecutorService threads = Executors.newFixedThreadPool(callers);
		try {
			List<Future<HelloApiClient.Hello>> answers = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				answers.add(threads.submit((Callable<HelloApiClient.Hello>) () -> {
					ready.countDown();
					go.await();
					return api.hello();
				}));
			}
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();
			for (Future<HelloApiClient.Hello> answer : answers) {
				// a Hello is the API's 200
				assertThat(answer.get(30, TimeUnit.SECONDS).clientId()).isEqualTo(clientId);
			}
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(tokenIssues(clientId)).as("token.issue successes for %d callers at once", callers).isEqualTo(1);
	}

	@Test
	void renewsTheTokenRenewBeforeItExpires(CapturedOutput output) throws Exception {
		KeyClient registered = registerKeyClient(audience);
		String clientId = registered.clientId();
		MutableClock clock = new MutableClock();
		List<String> arguments = new ArrayList<>(List.of(registered.arguments()));
		arguments.add("--SAMPLE_RENEW_BEFORE=30s");
		ConfigurableApplicationContext service = start(clock, arguments.toArray(String[]::new));
		HelloApiClient client = service.getBean(HelloApiClient.class);
		assertThat(client.hello().clientId()).isEqualTo(clientId);
		OAuth2AccessToken first = cachedToken(service);
		Instant renewAt = first.getExpiresAt().minus(Duration.ofSeconds(30));

		clock.moveTo(renewAt.minusSeconds(1));
		assertThat(client.hello().clientId()).isEqualTo(clientId);
		assertThat(cachedToken(service).getTokenValue()).as("still the first token").isEqualTo(first.getTokenValue());
		assertThat(tokenIssues(clientId)).as("no fetch before the renew point").isEqualTo(1);

		clock.moveTo(renewAt.plusSeconds(1));
		assertThat(client.hello().clientId()).isEqualTo(clientId);
		OAuth2AccessToken second = cachedToken(service);
		assertThat(second.getTokenValue()).isNotEqualTo(first.getTokenValue());
		assertThat(tokenIssues(clientId)).as("a second token past the renew point").isEqualTo(2);
		assertNoJwtIn(output);
	}

	@Test
	void warnsOnceWhenTokensLiveNoLongerThanRenewBefore(CapturedOutput output) {
		SecretClient registered = registerSecretClient(audience);
		String clientId = registered.clientId();
		List<String> arguments = new ArrayList<>(List.of(registered.arguments()));
		// longer than any token Tessera issues
		arguments.add("--SAMPLE_RENEW_BEFORE=1d");
		HelloApiClient client = start(new MutableClock(), arguments.toArray(String[]::new))
			.getBean(HelloApiClient.class);
		for (int call = 0; call < 3; call++) {
			assertThat(client.hello().clientId()).isEqualTo(clientId);
		}
		assertThat(tokenIssues(clientId)).as("each call fetched a token").isEqualTo(3);
		assertThat(output.getAll().lines().filter((line) -> line.contains("every call fetches a new token")))
			.as("one warning")
			.hasSize(1)
			.allMatch((line) -> line.contains("SAMPLE_RENEW_BEFORE (PT24H)"));
	}

	@Test
	void withoutAClientIdTheServiceDoesNotStart() {
		// Boot's own check of the registration (the property defaults to empty, so the
		// unresolved ${TESSERA_CLIENT_ID} is never sent as a client id)
		assertThatException().isThrownBy(() -> start(new MutableClock(), "--TESSERA_CLIENT_SECRET=irrelevant"))
			.havingRootCause()
			.withMessage("Client id of registration 'tessera' must not be empty.");
	}

	@Test
	void dropsATokenTheApiRefuses() {
		// the client's tokens are first for another API, so this one answers 401
		// invalid_token
		SecretClient registered = registerSecretClient("https://elsewhere-" + TesseraServer.random(6) + ".test");
		String clientId = registered.clientId();
		ConfigurableApplicationContext service = start(new MutableClock(), registered.arguments());
		HelloApiClient client = service.getBean(HelloApiClient.class);
		assertThatExceptionOfType(HttpClientErrorException.Unauthorized.class).isThrownBy(client::hello)
			.satisfies(
					(ex) -> assertThat(ex.getResponseHeaders().getFirst("WWW-Authenticate")).contains("invalid_token"));
		assertThat(authorizedClient(service)).as("the refused token is no longer cached").isNull();

		TesseraServer.Response patched = tessera.admin()
			.call("PATCH", "/clients/" + clientId, Map.of("audiences", List.of(audience)));
		assertThat(patched.status()).as("PATCH: %s", patched.body()).isEqualTo(200);
		assertThat(client.hello().clientId()).isEqualTo(clientId);
		assertThat(tokenIssues(clientId)).as("one refused token, one fresh one").isEqualTo(2);
	}

	@Test
	void aWrongSecretEndsInInvalidClient(CapturedOutput output) {
		SecretClient client = registerSecretClient(audience);
		String clientId = client.clientId();
		String wrong = "wrong-" + TesseraServer.random(24);
		// the service's runner makes one call (two failed authentications in all: far
		// below Tessera's throttle)
		ConfigurableApplicationContext service = ClientCredentialsService.application()
			.run(arguments("--TESSERA_CLIENT_ID=" + clientId, "--TESSERA_CLIENT_SECRET=" + wrong, "--SAMPLE_CALLS=1"));
		this.services.add(service);
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> service.getBean(HelloApiClient.class).hello())
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_client");
				assertThat(ex.getClientRegistrationId()).isEqualTo(ClientCredentialsProperties.REGISTRATION_ID);
				assertThat(ex).hasMessageContaining("invalid_client")
					.hasMessageNotContaining(wrong)
					.hasMessageNotContaining(client.secret());
			});
		assertThat(authorizedClient(service)).isNull();
		assertThat(tokenIssues(clientId)).isZero();
		assertThat(output.getAll()).contains("Call 1: no token from Tessera: invalid_client").doesNotContain(wrong);
		assertThat(SpringApplication.exit(service)).as("exit status").isEqualTo(1);
	}

	private void callFiveTimes(ConfigurableApplicationContext service, String clientId) {
		HelloApiClient client = service.getBean(HelloApiClient.class);
		for (int call = 0; call < 5; call++) {
			HelloApiClient.Hello hello = client.hello();
			assertThat(hello.clientId()).isEqualTo(clientId);
			assertThat(hello.sub()).isEqualTo(clientId);
		}
	}

	private ConfigurableApplicationContext start(MutableClock clock, String... arguments) {
		List<String> all = new ArrayList<>(List.of(arguments));
		// the test makes the calls itself
		all.add("--SAMPLE_CALLS=0");
		ConfigurableApplicationContext service = ClientCredentialsService.application()
			.initializers((context) -> context.getBeanFactory().registerSingleton("testClock", clock))
			.run(arguments(all.toArray(String[]::new)));
		this.services.add(service);
		return service;
	}

	/**
	 * Points the service at the test's Tessera and API, and pins every variable the
	 * sample reads that the test does not set, so none comes from the environment (as
	 * command-line arguments they win over it). Not {@code TESSERA_CLIENT_SECRET}: a
	 * command-line value would also win over the secret file; and not
	 * {@code TESSERA_CLIENT_ID}, whose absence one test needs. Surefire's
	 * {@code excludedEnvironmentVariables} keeps both out of the environment.
	 */
	private String[] arguments(String... arguments) {
		Map<String, String> pinned = new LinkedHashMap<>();
		pinned.put("TESSERA_ISSUER", tessera.issuer());
		pinned.put("SAMPLE_API_URL", apiUrl);
		pinned.put("TESSERA_CLIENT_AUTH_METHOD", "client_secret_basic");
		pinned.put("TESSERA_SCOPE", SCOPE);
		pinned.put("TESSERA_CLIENT_PRIVATE_KEY_FILE", "");
		pinned.put("TESSERA_CLIENT_KEY_ID", "");
		pinned.put("SAMPLE_RENEW_BEFORE", "60s");
		pinned.put("SAMPLE_CALLS", "5");
		pinned.put("SAMPLE_CALL_INTERVAL", "10s");
		// not this machine's /run/secrets/
		pinned.put("SAMPLE_SECRETS_DIR", this.dir.resolve("no-secrets") + "/");
		for (String argument : arguments) {
			String name = argument.substring(2, argument.indexOf('='));
			pinned.put(name, argument.substring(argument.indexOf('=') + 1));
		}
		return pinned.entrySet()
			.stream()
			.map((setting) -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new);
	}

	/** No JWT (token or client assertion: both start with a base64url "{") was output. */
	private static void assertNoJwtIn(CapturedOutput output) {
		assertThat(output.getAll()).doesNotContain("eyJ");
	}

	private SecretClient registerSecretClient(String clientAudience) {
		String clientId = "cc-secret-" + TesseraServer.random(6);
		var created = tessera.admin()
			.createClient(Map.of("clientId", clientId, "name", "Client credentials sample test", "grantTypes",
					List.of("client_credentials"), "authMethods", List.of("client_secret_basic"), "scopes",
					List.of(SCOPE), "audiences", List.of(clientAudience)));
		return new SecretClient(clientId, created.get("clientSecret").asString());
	}

	/**
	 * An RSA 2048 key pair: its public key registered inline, its private key in a file.
	 */
	private KeyClient registerKeyClient(String clientAudience) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		String keyId = "cc-key-" + TesseraServer.random(4);
		Path keyFile = TestCertificates.writeKey(this.dir.resolve("client-key.pem"), keys);
		RSAKey publicJwk = new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID(keyId)
			.keyUse(KeyUse.SIGNATURE)
			.algorithm(JWSAlgorithm.RS256)
			.build();
		String clientId = "cc-key-" + TesseraServer.random(6);
		tessera.admin()
			.createClient(Map.of("clientId", clientId, "name", "Client credentials sample test (private_key_jwt)",
					"grantTypes", List.of("client_credentials"), "authMethods", List.of("private_key_jwt"), "scopes",
					List.of(SCOPE), "audiences", List.of(clientAudience), "jwks",
					Map.of("keys", List.of(publicJwk.toJSONObject()))));
		return new KeyClient(clientId, keyFile, keyId);
	}

	private static int tokenIssues(String clientId) {
		return tessera.admin().audit("clientId=" + clientId + "&operation=token.issue&outcome=success").size();
	}

	private static OAuth2AuthorizedClient authorizedClient(ConfigurableApplicationContext service) {
		return service.getBean(OAuth2AuthorizedClientService.class)
			.loadAuthorizedClient(ClientCredentialsProperties.REGISTRATION_ID, HelloApiConfiguration.SERVICE.getName());
	}

	private static OAuth2AccessToken cachedToken(ConfigurableApplicationContext service) {
		OAuth2AuthorizedClient client = authorizedClient(service);
		assertThat(client).as("a cached token").isNotNull();
		return client.getAccessToken();
	}

	/** A {@code client_secret_basic} client, and its secret as the variable. */
	private record SecretClient(String clientId, String secret) {

		String[] arguments() {
			return new String[] { "--TESSERA_CLIENT_ID=" + this.clientId, "--TESSERA_CLIENT_SECRET=" + this.secret };
		}

	}

	/** A {@code private_key_jwt} client, and the variables naming its key file. */
	private record KeyClient(String clientId, Path keyFile, String keyId) {

		String[] arguments() {
			return new String[] { "--TESSERA_CLIENT_ID=" + this.clientId,
					"--TESSERA_CLIENT_AUTH_METHOD=private_key_jwt", "--TESSERA_CLIENT_PRIVATE_KEY_FILE=" + this.keyFile,
					"--TESSERA_CLIENT_KEY_ID=" + this.keyId };
		}

	}

}
