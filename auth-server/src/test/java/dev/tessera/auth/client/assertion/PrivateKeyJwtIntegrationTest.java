package dev.tessera.auth.client.assertion;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.Client;
import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.ClientRepository;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.scope.Scope;
import dev.tessera.auth.scope.ScopeRepository;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.Poll;
import dev.tessera.auth.support.ResourceServerVerifier;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code private_key_jwt} client authentication end to end over a real HTTP port and a
 * real PostgreSQL: RSA and EC assertions against inline keys and a served
 * {@code jwksUri}, and every way an assertion must be refused.
 */
@TesseraServerTest
class PrivateKeyJwtIntegrationTest {

	static final String AUDIENCE = "https://api.example.test";

	static final String SCOPE = "pkjwt:read";

	static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	static RSAKey rsaKey;

	static ECKey ecKey;

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	ClientRepository clients;

	@Autowired
	ClientDirectory directory;

	@Autowired
	ScopeRepository scopes;

	@Autowired
	UsedAssertionRepository usedAssertions;

	@Autowired
	JdbcTemplate jdbc;

	Http http;

	HttpServer jwksServer;

	@BeforeAll
	static void generateKeys() throws Exception {
		rsaKey = new RSAKeyGenerator(2048).keyID("rsa-" + UUID.randomUUID()).generate();
		ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-" + UUID.randomUUID()).generate();
	}

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		if (!this.scopes.existsById(SCOPE)) {
			this.scopes.save(new Scope(SCOPE, "test scope", Instant.now()));
		}
	}

	@AfterEach
	void stopJwksServer() {
		if (this.jwksServer != null) {
			this.jwksServer.stop(0);
		}
	}

	@Test
	void rsaSignedAssertionGetsATokenThatVerifies() {
		String clientId = clientWithInlineKeys(rsaKey, ecKey);
		Http.Response response = token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		}));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Jwt jwt = ResourceServerVerifier.forIssuer(this.issuer, AUDIENCE)
			.decode((String) response.json().get("access_token"));
		assertThat(jwt.getSubject()).isEqualTo(clientId);
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo(clientId);
		assertThat(jwt.getClaims().get("scope")).isEqualTo(SCOPE);
	}

	@Test
	void ecAndPssSignedAssertionsWork() {
		String clientId = clientWithInlineKeys(rsaKey, ecKey);
		Http.Response ec = token(clientId, assertion(clientId, ecKey, JWSAlgorithm.ES256, claims -> {
		}));
		assertThat(ec.status()).as(ec.toString()).isEqualTo(200);
		Http.Response pss = token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.PS256, claims -> {
		}));
		assertThat(pss.status()).as(pss.toString()).isEqualTo(200);
	}

	/**
	 * Audience injection: an assertion made for another server may name this one among
	 * its audiences, or an endpoint of it. Only the issuer identifier, alone and as a
	 * string, is accepted (draft-ietf-oauth-rfc7523bis).
	 */
	@Test
	void everyAudienceButTheIssuerAloneIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		for (String audience : List.of(this.issuer + "/", this.issuer + "/oauth2/token",
				this.issuer + "/oauth2/introspect", this.issuer + "/oauth2/revoke")) {
			assertInvalidClient(token(clientId,
					assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> claims.audience(audience))));
		}
		assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256,
				claims -> claims.audience(List.of("https://other.example", this.issuer)))));
		assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256,
				claims -> claims.audience(List.of(this.issuer, this.issuer + "/oauth2/token")))));
		assertInvalidClient(token(clientId, withRawAudience(clientId, List.of(this.issuer))));
		assertThat(token(clientId, withRawAudience(clientId, this.issuer)).status()).isEqualTo(200);
	}

	@Test
	void clientIdMayBeOmittedAndAudienceMayBeTheIssuer() {
		String clientId = clientWithInlineKeys(rsaKey);
		String assertion = assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> claims.audience(this.issuer));
		Http.Response response = this.http.postForm("/oauth2/token", null, null, form("grant_type",
				"client_credentials", "client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Jwt jwt = ResourceServerVerifier.forIssuer(this.issuer, AUDIENCE)
			.decode((String) response.json().get("access_token"));
		assertThat(jwt.getSubject()).isEqualTo(clientId);
	}

	@Test
	void theSameClientAuthenticationWorksForIntrospection() {
		String clientId = clientWithInlineKeys(rsaKey);
		String accessToken = (String) token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		})).json().get("access_token");
		Http.Response introspection = this.http.postForm("/oauth2/introspect", null, null,
				form("token", accessToken, "client_id", clientId, "client_assertion_type", ASSERTION_TYPE,
						"client_assertion", assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
						})));
		assertThat(introspection.status()).as(introspection.toString()).isEqualTo(200);
		assertThat(introspection.json()).containsEntry("active", true).containsEntry("client_id", clientId);
	}

	@Test
	void signedWithAnotherKeyIsInvalidClient() throws Exception {
		String clientId = clientWithInlineKeys(rsaKey);
		RSAKey impostorSameKid = new RSAKeyGenerator(2048).keyID(rsaKey.getKeyID()).generate();
		assertInvalidClient(token(clientId, assertion(clientId, impostorSameKid, JWSAlgorithm.RS256, claims -> {
		})));
		RSAKey impostorOtherKid = new RSAKeyGenerator(2048).keyID("impostor").generate();
		assertInvalidClient(token(clientId, assertion(clientId, impostorOtherKid, JWSAlgorithm.RS256, claims -> {
		})));
	}

	@Test
	void expiredAssertionIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		Instant now = Instant.now();
		assertInvalidClient(token(clientId,
				assertion(clientId, rsaKey, JWSAlgorithm.RS256,
						claims -> claims.issueTime(Date.from(now.minusSeconds(300)))
							.expirationTime(Date.from(now.minusSeconds(120))))));
	}

	@Test
	void assertionLivingTooLongIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256,
				claims -> claims.expirationTime(Date.from(Instant.now().plusSeconds(3600))))));
	}

	@Test
	void assertionNotValidYetIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		Instant now = Instant.now();
		assertInvalidClient(token(clientId,
				assertion(clientId, rsaKey, JWSAlgorithm.RS256,
						claims -> claims.notBeforeTime(Date.from(now.plusSeconds(180)))
							.expirationTime(Date.from(now.plusSeconds(240))))));
		assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256,
				claims -> claims.issueTime(Date.from(now.plusSeconds(180))))));
	}

	@Test
	void replayedAssertionIsInvalidClientOnItsSecondUse() throws Exception {
		String clientId = clientWithInlineKeys(rsaKey);
		String assertion = assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		});
		Http.Response first = token(clientId, assertion);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertInvalidClient(token(clientId, assertion));

		JWTClaimsSet claims = SignedJWT.parse(assertion).getJWTClaimsSet();
		assertThat(this.usedAssertions.findById(new UsedAssertion.Key(clientId, claims.getJWTID())))
			.hasValueSatisfying(row -> assertThat(row.getExpiresAt()).isEqualTo(
					claims.getExpirationTime().toInstant().plus(ClientAssertionClaims.CLOCK_SKEW.multipliedBy(2))));
	}

	/**
	 * On the token endpoint the use is recorded with the audit event, in one transaction
	 * per batch: of many requests racing with one assertion, one gets a token and every
	 * other is refused and audited as a replay.
	 */
	@Test
	void concurrentUsesOfOneAssertionGetExactlyOneToken() throws Exception {
		String clientId = clientWithInlineKeys(rsaKey);
		String assertion = assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		});
		int racers = 16;
		ExecutorService pool = Executors.newFixedThreadPool(racers);
		List<Http.Response> responses;
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Http.Response>> futures = new ArrayList<>();
			for (int i = 0; i < racers; i++) {
				futures.add(pool.submit(() -> {
					start.await();
					return token(clientId, assertion);
				}));
			}
			start.countDown();
			responses = new ArrayList<>();
			for (Future<Http.Response> future : futures) {
				responses.add(future.get(60, TimeUnit.SECONDS));
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(responses).filteredOn(r -> r.status() == 200).hasSize(1);
		responses.stream().filter(r -> r.status() != 200).forEach(PrivateKeyJwtIntegrationTest::assertInvalidClient);
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where principal = ? "
				+ "and operation = 'token.issue' and outcome = 'success'", Integer.class, clientId))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where principal = ? "
						+ "and operation = 'token.issue' and detail like '%assertion_replayed%'",
				Integer.class, clientId))
			.isEqualTo(racers - 1);
	}

	@Test
	void anAssertionUsedForATokenIsRefusedByIntrospection() {
		String clientId = clientWithInlineKeys(rsaKey);
		String assertion = assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> claims.audience(this.issuer));
		Http.Response issued = token(clientId, assertion);
		assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
		Http.Response introspection = this.http.postForm("/oauth2/introspect", null, null,
				form("token", (String) issued.json().get("access_token"), "client_id", clientId,
						"client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion));
		assertInvalidClient(introspection);
		assertThat(introspection.body()).doesNotContain("active");
	}

	/**
	 * A replay whose request would fail anyway is answered as the replay it is, not as
	 * its other error.
	 */
	@Test
	void aReplayWithAnUnknownScopeIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		String assertion = assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		});
		assertThat(token(clientId, assertion).status()).isEqualTo(200);
		Http.Response replay = this.http.postForm("/oauth2/token", null, null,
				form("grant_type", "client_credentials", "client_id", clientId, "scope", "not:registered",
						"client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion));
		assertInvalidClient(replay);
	}

	@Test
	void aJtiWithControlCharactersIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		assertInvalidClient(token(clientId,
				assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> claims.jwtID("nul\u0000inside"))));
		assertThat(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		})).status()).as("the next request is unaffected").isEqualTo(200);
	}

	/**
	 * Revocation acts before it records, so there the use is committed before anything
	 * happens.
	 */
	@Test
	void revocationRecordsTheUseAtOnceAndSharesItWithTheTokenEndpoint() {
		String clientId = clientWithInlineKeys(rsaKey);
		String accessToken = (String) token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		})).json().get("access_token");
		String forRevocation = assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		});
		assertThat(revoke(clientId, forRevocation, accessToken).status()).isEqualTo(200);
		assertInvalidClient(revoke(clientId, forRevocation, accessToken));

		String usedForAToken = assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> claims.audience(this.issuer));
		assertThat(token(clientId, usedForAToken).status()).isEqualTo(200);
		assertInvalidClient(revoke(clientId, usedForAToken, accessToken));
	}

	/**
	 * On each endpoint a replay is answered 401 {@code invalid_client} and leaves one
	 * event: the endpoint's operation refused under the client, as the replay it is.
	 * Token and introspection find it where the use commits with the audit event;
	 * revocation before it acts.
	 */
	@Test
	void aReplayIsRecordedAsThatRefusalOnEachEndpoint() throws Exception {
		String clientId = clientWithInlineKeys(rsaKey);
		String accessToken = (String) token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		})).json().get("access_token");
		Map<String, String> endpoints = Map.of("/oauth2/token", "token.issue", "/oauth2/introspect", "token.introspect",
				"/oauth2/revoke", "token.revoke");
		for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
			String assertion = assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
			});
			Map<String, String> form = new HashMap<>(form("client_id", clientId, "client_assertion_type",
					ASSERTION_TYPE, "client_assertion", assertion));
			if (endpoint.getKey().endsWith("/token")) {
				form.putAll(form("grant_type", "client_credentials", "scope", SCOPE));
			}
			else {
				form.put("token", accessToken);
			}
			String first = "first-" + UUID.randomUUID();
			Http.Response used = post(endpoint.getKey(), first, form);
			assertThat(used.status()).as(used.toString()).isEqualTo(200);
			String replayed = "replay-" + UUID.randomUUID();
			Http.Response replay = post(endpoint.getKey(), replayed, form);
			assertInvalidClient(replay);

			// a replay is recorded on its own, but no request waits for it
			Map<String, Object> event = Poll.await(Duration.ofSeconds(10),
					() -> this.jdbc.queryForList("select * from audit_event where correlation_id = ?", replayed)
						.stream()
						.findFirst()
						.orElse(null));
			assertThat(event).as(endpoint.getKey())
				.containsEntry("operation", endpoint.getValue())
				.containsEntry("outcome", "business_error")
				.containsEntry("principal", clientId)
				.containsEntry("principal_type", "client");
			assertThat(JSONObjectUtils.parse((String) event.get("detail"))).as(endpoint.getKey())
				.containsEntry("error", "invalid_client")
				.containsEntry("stage", "client_authentication")
				.containsEntry("reason", "assertion_replayed");
			assertThat(this.jdbc.queryForObject("select outcome from audit_event where correlation_id = ?",
					String.class, first))
				.as(endpoint.getKey())
				.isEqualTo("success");
		}
	}

	Http.Response post(String path, String correlationId, Map<String, String> form) {
		String body = form.entrySet()
			.stream()
			.map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Correlation-Id", correlationId)
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	@Test
	void unsignedAssertionIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		String unsigned = new PlainJWT(claims(clientId).build()).serialize();
		assertThat(unsigned).endsWith(".");
		assertInvalidClient(token(clientId, unsigned));
	}

	@Test
	void hmacSignedAssertionIsInvalidClient() throws Exception {
		String clientId = clientWithInlineKeys(rsaKey);
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		assertInvalidClient(token(clientId,
				sign(new MACSigner(secret), JWSAlgorithm.HS256, rsaKey.getKeyID(), claims(clientId).build())));
		// the classic confusion: the registered public key used as an HMAC secret
		byte[] publicKeyBytes = rsaKey.toPublicJWK().toRSAPublicKey().getEncoded();
		assertInvalidClient(token(clientId,
				sign(new MACSigner(publicKeyBytes), JWSAlgorithm.HS256, rsaKey.getKeyID(), claims(clientId).build())));
	}

	@Test
	void assertionForAnotherAudienceIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256,
				claims -> claims.audience("https://elsewhere.example/oauth2/token"))));
	}

	@Test
	void issuerOtherThanSubjectIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		assertInvalidClient(token(clientId,
				assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> claims.issuer("someone-else"))));
	}

	@Test
	void assertionWithoutJtiIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		assertInvalidClient(
				token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> claims.jwtID(null))));
	}

	@Test
	void assertionForOneClientPresentedAsAnotherIsInvalidClient() {
		String alice = clientWithInlineKeys(rsaKey);
		String bob = clientWithInlineKeys(rsaKey);
		assertInvalidClient(token(bob, assertion(alice, rsaKey, JWSAlgorithm.RS256, claims -> {
		})));
	}

	@Test
	void clientNotRegisteredForPrivateKeyJwtIsInvalidClient() {
		IssuedSecret secretClient = this.registrar
			.register(ClientDraft.clientCredentials(null, "secret only", Set.of(SCOPE), Set.of(), Set.of(AUDIENCE)));
		Client stored = this.clients.findByClientId(secretClient.clientId()).orElseThrow();
		stored.setJwks(new JWKSet(rsaKey.toPublicJWK()).toString());
		this.clients.save(stored);
		this.directory.evict(secretClient.clientId());
		String clientId = secretClient.clientId();
		assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		})));
	}

	@Test
	void disabledOrUnknownClientIsInvalidClient() {
		String clientId = clientWithInlineKeys(rsaKey);
		Client stored = this.clients.findByClientId(clientId).orElseThrow();
		stored.setEnabled(false);
		this.clients.save(stored);
		this.directory.evict(clientId);
		assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		})));
		assertInvalidClient(token("no-such-client", assertion("no-such-client", rsaKey, JWSAlgorithm.RS256, claims -> {
		})));
	}

	@Test
	void keysFromAJwksUriAreRefetchedOnceWhenAnUnknownKidArrives() throws Exception {
		AtomicReference<String> served = new AtomicReference<>(new JWKSet(rsaKey.toPublicJWK()).toString());
		AtomicInteger fetches = new AtomicInteger();
		String jwksUri = serveJwks(served, fetches);
		String clientId = clientWithJwksUri(jwksUri);

		Http.Response first = token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		}));
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		Http.Response second = token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		}));
		assertThat(second.status()).as(second.toString()).isEqualTo(200);
		assertThat(fetches).as("the key set is cached").hasValue(1);

		// the client rotates to a new key (new kid) and publishes it: one refetch picks
		// it up
		RSAKey rotated = new RSAKeyGenerator(2048).keyID("rotated-" + UUID.randomUUID()).generate();
		served.set(new JWKSet(rotated.toPublicJWK()).toString());
		Http.Response afterRotation = token(clientId, assertion(clientId, rotated, JWSAlgorithm.RS256, claims -> {
		}));
		assertThat(afterRotation.status()).as(afterRotation.toString()).isEqualTo(200);
		assertThat(fetches).hasValue(2);
		Jwt jwt = ResourceServerVerifier.forIssuer(this.issuer, AUDIENCE)
			.decode((String) afterRotation.json().get("access_token"));
		assertThat(jwt.getSubject()).isEqualTo(clientId);

		// another unknown kid within 30 s does not make the server fetch again
		RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-" + UUID.randomUUID()).generate();
		assertInvalidClient(token(clientId, assertion(clientId, unknown, JWSAlgorithm.RS256, claims -> {
		})));
		assertThat(fetches).hasValue(2);
	}

	@Test
	void anUnreachableJwksUriIsInvalidClientNotAServerError() throws Exception {
		AtomicReference<String> served = new AtomicReference<>("{\"not\":\"a key set\"}");
		String jwksUri = serveJwks(served, new AtomicInteger());
		String clientId = clientWithJwksUri(jwksUri);
		assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
		})));
		String refused = clientWithJwksUri("https://169.254.169.254/latest/meta-data/jwks");
		assertInvalidClient(token(refused, assertion(refused, rsaKey, JWSAlgorithm.RS256, claims -> {
		})));
	}

	/**
	 * A partner whose key server hangs costs the first request the fetch deadline; the
	 * next one is refused at once (the failure is remembered), not after another wait.
	 */
	@Test
	void aHangingJwksUriDelaysOnlyTheFirstRequest() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger fetches = new AtomicInteger();
		ExecutorService serverThreads = Executors.newCachedThreadPool();
		this.jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.jwksServer.setExecutor(serverThreads);
		this.jwksServer.createContext("/hangs.json", exchange -> {
			fetches.incrementAndGet();
			try {
				release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				exchange.close();
			}
		});
		this.jwksServer.start();
		String clientId = clientWithJwksUri(
				"http://127.0.0.1:" + this.jwksServer.getAddress().getPort() + "/hangs.json");
		try {
			long start = System.nanoTime();
			assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
			})));
			Duration first = Duration.ofNanos(System.nanoTime() - start);
			start = System.nanoTime();
			assertInvalidClient(token(clientId, assertion(clientId, rsaKey, JWSAlgorithm.RS256, claims -> {
			})));
			Duration second = Duration.ofNanos(System.nanoTime() - start);

			assertThat(first).as("the first request waits for the fetch deadline").isGreaterThan(Duration.ofSeconds(2));
			assertThat(second).as("the next one does not").isLessThan(Duration.ofSeconds(1));
			assertThat(fetches).hasValue(1);
		}
		finally {
			release.countDown();
			serverThreads.shutdown();
		}
	}

	// --- helpers

	String clientWithInlineKeys(JWK... keys) {
		JWKSet publicKeys = new JWKSet(Arrays.stream(keys).map(JWK::toPublicJWK).toList());
		return register(client -> client.setJwks(publicKeys.toString()));
	}

	String clientWithJwksUri(String jwksUri) {
		return register(client -> client.setJwksUri(jwksUri));
	}

	/** Registers a private_key_jwt client, then sets its keys as the admin API will. */
	String register(Consumer<Client> keys) {
		IssuedSecret issued = this.registrar.register(new ClientDraft(null, "pkjwt", Set.of("client_credentials"),
				Set.of("private_key_jwt"), Set.of(SCOPE), Set.of(), Set.of(AUDIENCE), Set.of(), null, null));
		assertThat(issued.clientSecret()).isNull();
		Client client = this.clients.findByClientId(issued.clientId()).orElseThrow();
		keys.accept(client);
		this.clients.save(client);
		this.directory.evict(issued.clientId());
		return issued.clientId();
	}

	String serveJwks(AtomicReference<String> served, AtomicInteger fetches) throws IOException {
		this.jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.jwksServer.createContext("/jwks.json", exchange -> {
			fetches.incrementAndGet();
			byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.jwksServer.start();
		return "http://127.0.0.1:" + this.jwksServer.getAddress().getPort() + "/jwks.json";
	}

	Http.Response token(String clientId, String assertion) {
		return this.http.postForm("/oauth2/token", null, null, form("grant_type", "client_credentials", "client_id",
				clientId, "scope", SCOPE, "client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion));
	}

	Http.Response revoke(String clientId, String assertion, String token) {
		return this.http.postForm("/oauth2/revoke", null, null, form("token", token, "client_id", clientId,
				"client_assertion_type", ASSERTION_TYPE, "client_assertion", assertion));
	}

	JWTClaimsSet.Builder claims(String clientId) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(clientId)
			.subject(clientId)
			.audience(this.issuer)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.jwtID(UUID.randomUUID().toString());
	}

	String assertion(String clientId, JWK key, JWSAlgorithm alg, Consumer<JWTClaimsSet.Builder> customize) {
		JWTClaimsSet.Builder claims = claims(clientId);
		customize.accept(claims);
		try {
			JWSSigner signer = (key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
			return sign(signer, alg, key.getKeyID(), claims.build());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Signed by {@code rsaKey}, with {@code aud} exactly this JSON value (Nimbus would
	 * write a one-element list as a string).
	 */
	String withRawAudience(String clientId, Object audience) {
		Map<String, Object> payload = new HashMap<>(claims(clientId).build().toJSONObject());
		payload.put("aud", audience);
		JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsaKey.getKeyID()).build(),
				new Payload(payload));
		try {
			jws.sign(new RSASSASigner(rsaKey));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return jws.serialize();
	}

	static String sign(JWSSigner signer, JWSAlgorithm alg, String kid, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
		try {
			jwt.sign(signer);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	static void assertInvalidClient(Http.Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(401);
		Map<String, Object> body = response.json();
		assertThat(body).containsEntry("error", "invalid_client");
	}

}
