package dev.tessera.samples.jwtbearer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.tessera.samples.resourceserver.ResourceServerSample;
import dev.tessera.samples.resourceserver.TesseraJwtDecoders;
import dev.tessera.samples.support.MutableClock;
import dev.tessera.samples.support.TesseraServer;
import dev.tessera.samples.support.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JWT-bearer sample end to end: a real Tessera ({@link TesseraServer#shared()}) with
 * the partner registered as a trusted issuer (its public key inline) and the sample's
 * client registered for the grant, and the resource server sample started in-process as
 * the API. Proves that the sample's calls reach the API as {@code subjectPrefix +
 * subject} for its client; that one token per subject is fetched and reused, as Tessera's
 * audit trail counts (each exchange audited as naming the partner and the subject), and
 * renewed once it is within a minute of expiring; that the token, checked as a resource
 * server checks it, carries {@code tessera_partner}; that an assertion signed by a key
 * the trust does not hold is refused with {@code invalid_grant}, and a wrong client
 * secret with {@code invalid_client}, which the sample surfaces as Spring's
 * {@link ClientAuthorizationException}; and that the client secret can come from a
 * mounted secret file, with the runner logging the answers but never the secret or a
 * token; that a missing secret, or a token endpoint or API URL that is plain {@code http}
 * to another host than a loopback one, stops the start naming the variable; and that a
 * missing client id stops it too, Spring Boot naming the registration.
 */
@ExtendWith(OutputCaptureExtension.class)
class JwtBearerSampleTest {

	private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private static final String KEY_ID = "partner-key-1";

	@TempDir
	static Path files;

	private static final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private static TesseraServer tessera;

	private static String audience;

	private static String clientId;

	private static String clientSecret;

	private static String partnerIssuer;

	private static String subjectPrefix;

	private static Path partnerKey;

	private static Path noSecrets;

	private static String apiUrl;

	private static ConfigurableApplicationContext sample;

	@BeforeAll
	static void registerThePartnerAndStartTheApi() throws Exception {
		tessera = TesseraServer.shared();
		String suffix = TesseraServer.random(6);
		audience = "https://api.jwt-bearer-" + suffix + ".example";
		clientId = "jwt-bearer-sample-" + suffix;
		partnerIssuer = "https://idp.partner-" + suffix + ".example";
		subjectPrefix = "partner-" + suffix + ":";
		tessera.admin().ensureScope("sample:read");
		clientSecret = tessera.admin()
			.createClient(Map.of("clientId", clientId, "name", "JWT-bearer sample " + suffix, "grantTypes",
					List.of(JWT_BEARER), "authMethods", List.of("client_secret_basic"), "scopes",
					List.of("sample:read"), "audiences", List.of(audience)))
			.get("clientSecret")
			.asString();
		KeyPair keys = rsaKeys();
		partnerKey = TestCertificates.writeKey(files.resolve("partner-key.pem"), keys);
		Map<String, Object> jwks = Map.of("keys",
				List.of(new RSAKey.Builder((RSAPublicKey) keys.getPublic()).keyID(KEY_ID)
					.keyUse(KeyUse.SIGNATURE)
					.algorithm(JWSAlgorithm.RS256)
					.build()
					.toJSONObject()));
		TesseraServer.Response trust = tessera.admin()
			.call("POST", "/trusted-issuers", Map.of("issuer", partnerIssuer, "jwks", jwks, "allowedClientIds",
					List.of(clientId), "allowedScopes", List.of("sample:read"), "subjectPrefix", subjectPrefix));
		assertThat(trust.status()).as("POST /trusted-issuers: %s", trust.body()).isEqualTo(201);
		noSecrets = Files.createDirectories(files.resolve("no-secrets"));
		ConfigurableApplicationContext api = new SpringApplicationBuilder(ResourceServerSample.class)
			.run("--server.port=0", "--sample.issuer=" + tessera.issuer(), "--sample.audience=" + audience);
		contexts.add(api);
		apiUrl = "http://localhost:" + api.getEnvironment().getProperty("local.server.port");
		sample = startSample(partnerKey, noSecrets, null, "--TESSERA_CLIENT_SECRET=" + clientSecret,
				"--PARTNER_CALLS=0");
	}

	@AfterAll
	static void closeEverything() {
		contexts.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void callsTheApiForTheSubjectWithOneTokenForSeveralCalls() {
		String subject = "alice-" + TesseraServer.random(4);
		PartnerApiClient api = sample.getBean(PartnerApiClient.class);
		for (int call = 0; call < 3; call++) {
			PartnerApiClient.Hello answer = api.hello(subject);
			assertThat(answer.sub()).isEqualTo(subjectPrefix + subject);
			assertThat(answer.clientId()).isEqualTo(clientId);
		}
		List<JsonNode> issued = tokensIssuedFor(subject);
		assertThat(issued).hasSize(1);
		assertThat(issued.get(0).path("detail").path("partnerIssuer").asString("")).isEqualTo(partnerIssuer);
	}

	@Test
	void twoSubjectsGetATokenEachWithTheirOwnSub() {
		String first = "bob-" + TesseraServer.random(4);
		String second = "carol-" + TesseraServer.random(4);
		PartnerApiClient api = sample.getBean(PartnerApiClient.class);
		for (int round = 0; round < 2; round++) {
			assertThat(api.hello(first).sub()).isEqualTo(subjectPrefix + first);
			assertThat(api.hello(second).sub()).isEqualTo(subjectPrefix + second);
		}
		assertThat(tokensIssuedFor(first)).hasSize(1);
		assertThat(tokensIssuedFor(second)).hasSize(1);
		OAuth2AuthorizedClientService cache = sample.getBean(OAuth2AuthorizedClientService.class);
		assertThat(tokenOf(cache, first)).isNotEqualTo(tokenOf(cache, second));
	}

	@Test
	void theTokenCarriesThePartnerAsAResourceServerSeesIt() {
		String subject = "dave-" + TesseraServer.random(4);
		sample.getBean(PartnerApiClient.class).hello(subject);
		String token = tokenOf(sample.getBean(OAuth2AuthorizedClientService.class), subject);
		Jwt verified = TesseraJwtDecoders
			.forIssuer(tessera.issuer(), TesseraJwtDecoders.defaultJwkSetUri(tessera.issuer()), audience)
			.decode(token);
		assertThat(verified.getClaimAsString("tessera_partner")).isEqualTo(partnerIssuer);
		assertThat(verified.getSubject()).isEqualTo(subjectPrefix + subject);
		assertThat(verified.getClaimAsString("client_id")).isEqualTo(clientId);
		assertThat(verified.getClaimAsString("scope")).isEqualTo("sample:read");
		assertThat(verified.getAudience()).contains(audience);
	}

	@Test
	void renewsATokenOnlyWhenItIsAboutToExpire() {
		MutableClock clock = new MutableClock();
		ConfigurableApplicationContext ticking = startSample(partnerKey, noSecrets, clock,
				"--TESSERA_CLIENT_SECRET=" + clientSecret, "--PARTNER_CALLS=0");
		String subject = "erin-" + TesseraServer.random(4);
		PartnerApiClient api = ticking.getBean(PartnerApiClient.class);
		api.hello(subject);
		Instant expiresAt = ticking.getBean(OAuth2AuthorizedClientService.class)
			.<OAuth2AuthorizedClient>loadAuthorizedClient(JwtBearerClientConfiguration.REGISTRATION_ID, subject)
			.getAccessToken()
			.getExpiresAt();
		Instant renewal = expiresAt.minus(JwtBearerClientConfiguration.RENEW_BEFORE_EXPIRY);
		clock.moveTo(renewal.minusSeconds(1));
		api.hello(subject);
		assertThat(tokensIssuedFor(subject)).as("still more than a minute left").hasSize(1);
		clock.moveTo(renewal.plusSeconds(1));
		assertThat(api.hello(subject).sub()).isEqualTo(subjectPrefix + subject);
		assertThat(tokensIssuedFor(subject)).as("renewed within the last minute").hasSize(2);
	}

	@Test
	void anAssertionSignedByAKeyTheTrustDoesNotHoldIsRefusedWithInvalidGrant() throws Exception {
		Path otherKey = TestCertificates.writeKey(files.resolve("other-key.pem"), rsaKeys());
		ConfigurableApplicationContext impostor = startSample(otherKey, noSecrets, null,
				"--TESSERA_CLIENT_SECRET=" + clientSecret, "--PARTNER_CALLS=0");
		String subject = "mallory-" + TesseraServer.random(4);
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> impostor.getBean(PartnerApiClient.class).hello(subject))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_GRANT);
				assertThat(ex.getError().getDescription()).isNotBlank();
				assertThat(ex.getMessage()).contains("invalid_grant");
			});
		assertThat(tokensIssuedFor(subject)).isEmpty();
		List<JsonNode> refused = tessera.admin()
			.audit("clientId=" + clientId + "&operation=token.issue&outcome=business_error")
			.stream()
			.filter((event) -> subject.equals(event.path("detail").path("subject").asString("")))
			.toList();
		assertThat(refused).hasSize(1);
		assertThat(refused.get(0).path("detail").path("partnerIssuer").asString("")).isEqualTo(partnerIssuer);
	}

	@Test
	void aWrongClientSecretIsRefusedWithInvalidClient() {
		String wrong = "wrong-" + TesseraServer.random(24);
		// one failed client authentication: far below Tessera's throttle
		ConfigurableApplicationContext wrongSecret = startSample(partnerKey, noSecrets, null,
				"--TESSERA_CLIENT_SECRET=" + wrong, "--PARTNER_CALLS=0");
		String subject = "oscar-" + TesseraServer.random(4);
		assertThatExceptionOfType(ClientAuthorizationException.class)
			.isThrownBy(() -> wrongSecret.getBean(PartnerApiClient.class).hello(subject))
			.satisfies((ex) -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo(OAuth2ErrorCodes.INVALID_CLIENT);
				assertThat(ex.getMessage()).contains("invalid_client")
					.doesNotContain(wrong)
					.doesNotContain(clientSecret);
			});
		assertThat(tokensIssuedFor(subject)).isEmpty();
	}

	@Test
	void readsTheClientSecretFromASecretFileAndLogsAnswersOnly(CapturedOutput output) throws IOException {
		Path secrets = Files.createDirectories(files.resolve("secrets"));
		// as a secrets manager mounts it (and `echo` writes it): with a final newline
		Files.writeString(secrets.resolve("TESSERA_CLIENT_SECRET"), clientSecret + "\n");
		String subject = "frank-" + TesseraServer.random(4);
		startSample(partnerKey, secrets, null, "--PARTNER_SUBJECT=" + subject, "--PARTNER_CALLS=2");
		assertThat(output.getOut())
			.contains("Call 1 for subject " + subject + ": the API saw sub=" + subjectPrefix + subject + " client_id="
					+ clientId)
			.contains("Call 2 for subject " + subject)
			.doesNotContain(clientSecret)
			.doesNotContain("eyJ");
		assertThat(tokensIssuedFor(subject)).hasSize(1);
	}

	@Test
	void withoutItsSecretTheSampleStopsNamingIt() {
		// empty on the command line: beats a TESSERA_CLIENT_SECRET the test's environment
		// may have, as the empty secrets directory stands for no secret file
		assertThatException()
			.isThrownBy(() -> startSample(partnerKey, noSecrets, null, "--TESSERA_CLIENT_SECRET=", "--PARTNER_CALLS=0"))
			.havingRootCause()
			.withMessageContaining("TESSERA_CLIENT_SECRET must be set");
	}

	@Test
	void withoutAClientIdBootStopsTheStartNamingTheRegistration() {
		assertThatException()
			.isThrownBy(() -> startSample(partnerKey, noSecrets, null, "--TESSERA_CLIENT_ID=",
					"--TESSERA_CLIENT_SECRET=" + clientSecret, "--PARTNER_CALLS=0"))
			.havingRootCause()
			.withMessageContaining("Client id of registration 'tessera' must not be empty");
	}

	@Test
	void plainHttpToAnotherHostIsRefusedBeforeAnythingIsSent() {
		assertThatException()
			.isThrownBy(() -> startSample(partnerKey, noSecrets, null, "--TESSERA_CLIENT_SECRET=" + clientSecret,
					"--TESSERA_ISSUER=http://tessera.example.test", "--PARTNER_CALLS=0"))
			.havingRootCause()
			.withMessageStartingWith("The token endpoint (TESSERA_ISSUER + /oauth2/token) must be an https URL");
		assertThatException()
			.isThrownBy(() -> startSample(partnerKey, noSecrets, null, "--TESSERA_CLIENT_SECRET=" + clientSecret,
					"--SAMPLE_API_URL=http://api.example.test", "--PARTNER_CALLS=0"))
			.havingRootCause()
			.withMessageStartingWith("sample.api-url (SAMPLE_API_URL) must be an https URL");
	}

	private static ConfigurableApplicationContext startSample(Path key, Path secretsDir, Clock clock, String... more) {
		SpringApplication application = JwtBearerSample.application();
		if (clock != null) {
			application.addInitializers((context) -> context.getBeanFactory().registerSingleton("testClock", clock));
		}
		List<String> args = new ArrayList<>(List.of("--TESSERA_ISSUER=" + tessera.issuer(),
				"--TESSERA_CLIENT_ID=" + clientId, "--PARTNER_ISSUER=" + partnerIssuer, "--PARTNER_KEY_ID=" + KEY_ID,
				"--PARTNER_PRIVATE_KEY_FILE=" + key, "--SAMPLE_API_URL=" + apiUrl,
				// a directory as a secrets manager mounts it; the location must end with
				// /
				"--SAMPLE_SECRETS_DIR=" + secretsDir + "/"));
		args.addAll(List.of(more));
		// one value per setting, the last given (Boot would join repeated ones with ",")
		Map<String, String> settings = new LinkedHashMap<>();
		args.forEach((arg) -> settings.put(arg.substring(0, arg.indexOf('=')), arg));
		ConfigurableApplicationContext context = application.run(settings.values().toArray(String[]::new));
		contexts.add(context);
		return context;
	}

	/** Tessera's audit: the tokens it issued to the sample's client for that subject. */
	private static List<JsonNode> tokensIssuedFor(String subject) {
		return tessera.admin()
			.audit("clientId=" + clientId + "&operation=token.issue&outcome=success")
			.stream()
			.filter((event) -> subject.equals(event.path("detail").path("subject").asString("")))
			.toList();
	}

	private static String tokenOf(OAuth2AuthorizedClientService cache, String subject) {
		OAuth2AuthorizedClient client = cache.loadAuthorizedClient(JwtBearerClientConfiguration.REGISTRATION_ID,
				subject);
		assertThat(client).as("a cached token for %s", subject).isNotNull();
		return client.getAccessToken().getTokenValue();
	}

	private static KeyPair rsaKeys() throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		return generator.generateKeyPair();
	}

}
