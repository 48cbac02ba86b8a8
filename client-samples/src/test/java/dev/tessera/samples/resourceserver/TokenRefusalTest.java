package dev.tessera.samples.resourceserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import dev.tessera.samples.support.TesseraServer;
import dev.tessera.samples.support.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server sample, started in-process, against a real Tessera (started once
 * per test JVM by {@link TesseraServer#shared()}): real tokens from Tessera's token
 * endpoint pass, and each kind of bad token the sample must refuse gets {@code 401} with
 * {@code WWW-Authenticate: Bearer error="invalid_token"} and a description naming the
 * check that failed, so each refusal is shown to come from that check and not from
 * another:
 * <ul>
 * <li>a token with the right audience and scope gets {@code 200} (the baseline), and one
 * without {@code sample:write} gets {@code 403 insufficient_scope} on the write
 * endpoint;</li>
 * <li><b>the RFC 9728 metadata leads to an accepted token</b>: a client registered for
 * two APIs reads the sample's metadata and asks Tessera for a token with
 * {@code resource=} its {@code resource} (RFC 8707); the token's {@code aud} is this API
 * alone and the sample accepts it;</li>
 * <li><b>unsigned</b>: a real token's claims under {@code alg: none} with an empty
 * signature ("Unsupported algorithm of none"), and with the real signature left in place
 * ("Malformed token": an unsecured JWT has no signature part);</li>
 * <li><b>wrong issuer</b>: a real, Tessera-signed token shown to a second instance of the
 * sample that fetches the same JWK Set but is configured with another issuer identifier,
 * {@code http://127.0.0.1:<port>} where Tessera's is {@code http://localhost:<port>}:
 * same server, same keys, valid signature; only {@code iss} is wrong. A token from
 * another authorization server would be refused for its signature before {@code iss} were
 * read, so this is the way to show the issuer check by itself (and why an issuer
 * identifier must be configured exactly as Tessera spells it);</li>
 * <li><b>wrong audience</b>: a real token of a client registered for another API;</li>
 * <li><b>expired</b>: a real token of a client whose tokens live 5 s, shown to work, then
 * waited out. Tessera signs {@code exp} with its own clock, so real time has to pass; the
 * sample is run with a clock skew of 1 s so the wait is about 6 s;</li>
 * <li><b>HS256 signed with the public key</b>: a real token's claims, HMAC-signed with
 * Tessera's public key in the five encodings an attacker would try (X.509
 * SubjectPublicKeyInfo DER, its PEM text with and without the last newline, the JWK JSON
 * as served and as Nimbus writes it). This shows the attack failing end to end, not the
 * algorithm allow-list: Nimbus never matches an RSA or EC key to {@code HS256}, so these
 * would be refused with the same message even if the list allowed {@code HS256}.
 * {@link TesseraJwtDecodersTest#rejectsRs512FromTrustedKey()} proves the list;</li>
 * <li><b>signed by a revoked key</b>: a real token, then the key that signed it is
 * rotated out and revoked through the admin API; once the sample's JWKS cache (2 s here,
 * 5 min by default) refreshes, the token is refused while a token from the new key
 * passes;</li>
 * <li><b>certificate-bound token over another certificate</b>: a {@code tls_client_auth}
 * client's token, bound to its certificate, passes over TLS with that certificate and is
 * refused with another certificate of the same CA and with none.</li>
 * </ul>
 * Tessera is shared with other test classes: every client and audience here is new, and
 * the key revocation rotates first and revokes only the retired key, so Tessera goes on
 * signing with a good key.
 */
class TokenRefusalTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(1);

	private static final Duration JWKS_CACHE_TTL = Duration.ofSeconds(2);

	private static final int SHORT_TOKEN_LIFETIME = 5;

	private static final String RUN = TesseraServer.random(6);

	private static final String AUDIENCE = "https://orders-" + RUN + ".example.test";

	private static final String OTHER_AUDIENCE = "https://billing-" + RUN + ".example.test";

	private static TesseraServer tessera;

	private static ConfigurableApplicationContext api;

	private static ConfigurableApplicationContext otherIssuerApi;

	private static ConfigurableApplicationContext tlsApi;

	private static Client client;

	private static Path tlsDir;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws IOException {
		tessera = TesseraServer.shared();
		tessera.admin().ensureScope("sample:read");
		tessera.admin().ensureScope("sample:write");
		client = Client.register("rs-caller-" + RUN, List.of("sample:read", "sample:write"), List.of(AUDIENCE), null);
		api = startSample("--sample.issuer=" + tessera.issuer());
		// same Tessera, same JWK Set (derived from this issuer), another spelling of its
		// issuer identifier
		otherIssuerApi = startSample("--sample.issuer=http://127.0.0.1:" + URI.create(tessera.issuer()).getPort());
		tlsDir = Files.createTempDirectory("rs-refusal-tls");
		TestCertificates.Issued server = tessera.certificates().server();
		Path chain = TestCertificates.writePem(tlsDir.resolve("chain.pem"), server.certificate(),
				tessera.certificates().certificate());
		Path key = TestCertificates.writeKey(tlsDir.resolve("key.pem"), server.keys());
		tlsApi = startSample("--sample.issuer=" + tessera.issuer(), "--spring.profiles.active=tls",
				"--SAMPLE_TLS_CERTIFICATE=" + chain, "--SAMPLE_TLS_PRIVATE_KEY=" + key,
				"--SAMPLE_TLS_CLIENT_CAS=" + tessera.caFile());
	}

	@AfterAll
	static void stop() throws IOException {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { api, otherIssuerApi,
				tlsApi }) {
			if (context != null) {
				context.close();
			}
		}
		if (tlsDir != null) {
			org.springframework.util.FileSystemUtils.deleteRecursively(tlsDir);
		}
	}

	@Test
	void aRealTokenForThisApiAndScopePasses() throws Exception {
		String token = client.token("sample:read");

		HttpResponse<String> response = send(api, "GET", "/api/hello", token, null);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.path("message").isString()).isTrue();
		assertThat(body.path("client_id").asString()).isEqualTo(client.id());
		assertThat(body.path("sub").asString()).isEqualTo(client.id());
	}

	@Test
	void theWriteEndpointNeedsTheWriteScope() throws Exception {
		String readOnly = client.token("sample:read");
		String readWrite = client.token("sample:read sample:write");

		HttpResponse<String> refused = send(api, "POST", "/api/messages", readOnly, "{\"text\":\"hello\"}");
		HttpResponse<String> accepted = send(api, "POST", "/api/messages", readWrite, "{\"text\":\"hello\"}");

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Bearer").contains("error=\"insufficient_scope\""));
		assertThat(accepted.statusCode()).isEqualTo(201);
		JsonNode body = JSON.readTree(accepted.body());
		assertThat(body.path("text").asString()).isEqualTo("hello");
		assertThat(body.path("client_id").asString()).isEqualTo(client.id());
	}

	@Test
	void aClientFollowingTheMetadataGetsATokenThisApiAccepts() throws Exception {
		// a client registered for two APIs reads this one's RFC 9728 metadata ...
		Client twoApis = Client.register("rs-two-apis-" + RUN, List.of("sample:read"),
				List.of(OTHER_AUDIENCE, AUDIENCE), null);
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port(api) + "/.well-known/oauth-protected-resource"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode metadata = JSON.readTree(response.body());
		assertThat(metadata.path("authorization_servers").path(0).asString()).isEqualTo(tessera.issuer());
		String resource = metadata.path("resource").asString();
		assertThat(resource).isEqualTo(AUDIENCE);

		// ... and asks Tessera for a token for that resource (RFC 8707): aud is this API
		// alone, and this API accepts it
		String token = twoApis.token("sample:read", resource);

		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly(AUDIENCE);
		assertThat(send(api, "GET", "/api/hello", token, null).statusCode()).isEqualTo(200);
	}

	@Test
	void refusesAnUnsignedToken() throws Exception {
		String[] real = client.token("sample:read").split("\\.");
		String noneHeader = base64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\"}");
		// the unsecured JWT of RFC 7519 §6: empty signature
		String unsigned = noneHeader + "." + real[1] + ".";
		// and alg none with the real signature left in place
		String relabelled = noneHeader + "." + real[1] + "." + real[2];

		assertRefused(send(api, "GET", "/api/hello", unsigned, null), "Unsupported algorithm of none");
		// an unsecured JWT has an empty signature part (RFC 7519 §6.1): with one, Nimbus
		// cannot even parse it, so it is refused as malformed before any key or claim
		assertRefused(send(api, "GET", "/api/hello", relabelled, null), "Malformed token");
	}

	@Test
	void refusesAValidTokenFromAnotherIssuerIdentifier() throws Exception {
		String token = client.token("sample:read");
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getIssuer()).isEqualTo(tessera.issuer());

		assertRefused(send(otherIssuerApi, "GET", "/api/hello", token, null), "The iss claim is not valid");
		// the same token is good where the issuer is configured as Tessera spells it
		assertThat(send(api, "GET", "/api/hello", token, null).statusCode()).isEqualTo(200);
	}

	@Test
	void refusesATokenForAnotherAudience() throws Exception {
		Client billing = Client.register("rs-billing-" + RUN, List.of("sample:read"), List.of(OTHER_AUDIENCE), null);
		String token = billing.token("sample:read");
		assertThat(SignedJWT.parse(token).getJWTClaimsSet().getAudience()).containsExactly(OTHER_AUDIENCE);

		assertRefused(send(api, "GET", "/api/hello", token, null), "The aud claim is not valid");
	}

	@Test
	void refusesAnExpiredToken() throws Exception {
		// 5 s leaves the first call (which may download the JWK Set) ample time on a busy
		// machine, and keeps the wait short
		Client shortLived = Client.register("rs-short-" + RUN, List.of("sample:read"), List.of(AUDIENCE),
				SHORT_TOKEN_LIFETIME);
		String token = shortLived.token("sample:read");
		Instant expiry = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
		HttpResponse<String> beforeExpiry = send(api, "GET", "/api/hello", token, null);
		// had the machine stalled past exp + skew, a 401 here would be no defect of the
		// sample's: fail saying so, not as if a valid token had been refused
		assertThat(Instant.now()).as("the first call ended before the token expired").isBefore(expiry.plus(CLOCK_SKEW));
		assertThat(beforeExpiry.statusCode()).isEqualTo(200);

		// Tessera set exp by its clock: only real time makes the token expire
		sleepUntil(expiry.plus(CLOCK_SKEW).plusMillis(500));

		assertRefused(send(api, "GET", "/api/hello", token, null), "Jwt expired at");
	}

	/**
	 * The algorithm confusion attack end to end: what it proves is that no encoding of
	 * Tessera's published key gets an HMAC token past this API. It cannot show why:
	 * Nimbus matches only symmetric ({@code oct}) keys to {@code HS256} and Tessera
	 * publishes none, so these tokens would be refused even if the allow-list had
	 * {@code HS256} in it (the reason is the same message either way). That the
	 * allow-list itself refuses an algorithm outside it, for a token whose signature is
	 * valid, is what {@link TesseraJwtDecodersTest#rejectsRs512FromTrustedKey()} proves.
	 */
	@Test
	void refusesHs256SignedWithTesseraPublicKey() throws Exception {
		String[] real = client.token("sample:read").split("\\.");
		String kid = SignedJWT.parse(String.join(".", real)).getHeader().getKeyID();
		JsonNode servedKey = publishedKey(kid);
		JWK jwk = JWK.parse(JSON.writeValueAsString(servedKey));
		PublicKey publicKey = ((AsymmetricJWK) jwk).toPublicKey();
		Map<String, byte[]> encodings = new LinkedHashMap<>();
		encodings.put("X.509 SubjectPublicKeyInfo DER", publicKey.getEncoded());
		encodings.put("PEM", pem(publicKey).getBytes(StandardCharsets.US_ASCII));
		encodings.put("PEM without the last newline", pem(publicKey).strip().getBytes(StandardCharsets.US_ASCII));
		encodings.put("JWK JSON as served", JSON.writeValueAsString(servedKey).getBytes(StandardCharsets.UTF_8));
		encodings.put("JWK JSON (Nimbus)", jwk.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
		String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"at+jwt\",\"kid\":\"" + kid + "\"}");

		for (Map.Entry<String, byte[]> encoding : encodings.entrySet()) {
			String signingInput = header + "." + real[1];
			String forged = signingInput + "." + hmacSha256(encoding.getValue(), signingInput);

			assertRefused(send(api, "GET", "/api/hello", forged, null),
					"Another algorithm expected, or no matching key(s) found");
		}
	}

	@Test
	void refusesATokenSignedByARevokedKeyOnceItsCacheRefreshes() throws Exception {
		String old = client.token("sample:read");
		String oldKid = SignedJWT.parse(old).getHeader().getKeyID();
		assertThat(send(api, "GET", "/api/hello", old, null).statusCode()).isEqualTo(200);

		// rotate first, so Tessera signs with a new key, then revoke the retired one
		TesseraServer.Response rotated = tessera.admin().call("POST", "/keys/rotate", null);
		assertThat(rotated.status()).as("rotate: %s", rotated.body()).isEqualTo(200);
		assertThat(rotated.body().path("kid").asString()).isNotEqualTo(oldKid);
		String fresh = client.token("sample:read");
		assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isNotEqualTo(oldKid);
		TesseraServer.Response revoked = tessera.admin().call("POST", "/keys/" + oldKid + "/revoke", null);
		assertThat(revoked.status()).as("revoke: %s", revoked.body()).isEqualTo(200);
		assertThat(publishedKids()).doesNotContain(oldKid);

		// the sample trusts its cached copy of the JWK Set for the configured TTL; the
		// cache reads the system clock, so the test waits it out
		Thread.sleep(JWKS_CACHE_TTL.plusMillis(500).toMillis());

		assertRefused(send(api, "GET", "/api/hello", old, null),
				"Another algorithm expected, or no matching key(s) found");
		assertThat(send(api, "GET", "/api/hello", fresh, null).statusCode()).isEqualTo(200);
	}

	@Test
	void refusesACertificateBoundTokenOverAnotherCertificate() throws Exception {
		TestCertificates.Issued bound = tessera.certificates().client("rs-partner-a-" + RUN);
		TestCertificates.Issued other = tessera.certificates().client("rs-partner-b-" + RUN);
		String clientId = "rs-mtls-" + RUN;
		tessera.admin().createBoundTlsClient(clientId, "Resource server sample test: mTLS partner", bound, AUDIENCE);
		String token = mtlsToken(bound, clientId);
		Map<String, Object> cnf = SignedJWT.parse(token).getJWTClaimsSet().getJSONObjectClaim("cnf");
		assertThat(cnf).containsEntry("x5t#S256", bound.thumbprint());

		assertThat(sendOverTls(bound, token).statusCode()).isEqualTo(200);
		assertRefused(sendOverTls(other, token), "Invalid SHA-256 Thumbprint");
		assertRefused(sendOverTls(null, token), "Unable to obtain X509Certificate");
	}

	private static ConfigurableApplicationContext startSample(String... settings) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--sample.audience=" + AUDIENCE,
				"--sample.clock-skew=" + CLOCK_SKEW.toSeconds() + "s",
				"--sample.jwks.cache-ttl=" + JWKS_CACHE_TTL.toMillis() + "ms",
				"--sample.jwks.min-refresh-interval=1s"));
		args.addAll(List.of(settings));
		return new SpringApplicationBuilder(ResourceServerSample.class).run(args.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	private HttpResponse<String> send(ConfigurableApplicationContext sample, String method, String path, String token,
			String json) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(sample) + path))
			.header("Authorization", "Bearer " + token);
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * {@code GET /api/hello} on the TLS instance over a new connection presenting
	 * {@code certificate}.
	 */
	private static HttpResponse<String> sendOverTls(TestCertificates.Issued certificate, String token)
			throws IOException, InterruptedException {
		HttpClient http = tlsClient(tessera.certificates().clientContext(certificate));
		return http.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port(tlsApi) + "/api/hello"))
			.header("Authorization", "Bearer " + token)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * A {@code tls_client_auth} token: from Tessera's TLS port, authenticated by the
	 * certificate, the client id in the body (Tessera's README, "Mutual TLS").
	 */
	private static String mtlsToken(TestCertificates.Issued certificate, String clientId)
			throws IOException, InterruptedException {
		HttpClient http = tlsClient(tessera.certificates().clientContext(certificate));
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(tessera.tlsUrl() + "/oauth2/token"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString("grant_type=client_credentials&scope=sample%3Aread&client_id=" + form(clientId)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("mTLS token: %s", response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).path("access_token").asString();
	}

	private static HttpClient tlsClient(SSLContext context) {
		// one client, so one connection, per certificate
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(context).build();
	}

	private static void assertRefused(HttpResponse<String> response, String description) {
		assertThat(response.statusCode()).as("status, body %s", response.body()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer")
				.contains("error=\"invalid_token\"")
				.contains(description));
	}

	private JsonNode publishedKey(String kid) throws IOException, InterruptedException {
		for (JsonNode key : jwks().path("keys")) {
			if (kid.equals(key.path("kid").asString())) {
				return key;
			}
		}
		throw new AssertionError("Tessera does not publish " + kid);
	}

	private List<String> publishedKids() throws IOException, InterruptedException {
		List<String> kids = new ArrayList<>();
		jwks().path("keys").forEach((key) -> kids.add(key.path("kid").asString()));
		return kids;
	}

	private JsonNode jwks() throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(tessera.issuer() + "/oauth2/jwks")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static String pem(PublicKey key) {
		return "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(key.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
	}

	private static String hmacSha256(byte[] key, String signingInput) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String form(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static void sleepUntil(Instant moment) throws InterruptedException {
		long millis = Duration.between(Instant.now(), moment).toMillis();
		if (millis > 0) {
			Thread.sleep(millis);
		}
	}

	/**
	 * A {@code client_secret_basic} client registered for this test, and its tokens from
	 * Tessera's token endpoint.
	 */
	private record Client(String id, String secret) {

		@Override
		public String toString() {
			// never the secret, should a failure message print the client
			return this.id;
		}

		static Client register(String id, List<String> scopes, List<String> audiences, Integer accessTokenTtlSeconds) {
			Map<String, Object> registration = new LinkedHashMap<>();
			registration.put("clientId", id);
			registration.put("name", "Resource server sample test: " + id);
			registration.put("grantTypes", List.of("client_credentials"));
			registration.put("authMethods", List.of("client_secret_basic"));
			registration.put("scopes", scopes);
			registration.put("audiences", audiences);
			if (accessTokenTtlSeconds != null) {
				registration.put("accessTokenTtlSeconds", accessTokenTtlSeconds);
			}
			JsonNode created = tessera.admin().createClient(registration);
			return new Client(id, created.path("clientSecret").asString());
		}

		String token(String scope) {
			return token(scope, null);
		}

		/** A token for {@code scope}, and for {@code resource} (RFC 8707) unless null. */
		String token(String scope, String resource) {
			String body = "grant_type=client_credentials&scope=" + form(scope)
					+ ((resource != null) ? "&resource=" + form(resource) : "");
			String basic = Base64.getEncoder()
				.encodeToString((form(this.id) + ":" + form(this.secret)).getBytes(StandardCharsets.UTF_8));
			try {
				HttpResponse<String> response = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create(tessera.issuer() + "/oauth2/token"))
						.header("Authorization", "Basic " + basic)
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).as("token for %s: %s", this.id, response.body()).isEqualTo(200);
				return JSON.readTree(response.body()).path("access_token").asString();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
