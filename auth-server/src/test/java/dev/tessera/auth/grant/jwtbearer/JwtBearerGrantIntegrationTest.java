package dev.tessera.auth.grant.jwtbearer;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.PartnerClient;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.ResourceServerVerifier;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jwt.Jwt;

import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.GRANT_TYPE;
import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.assertInvalidGrant;
import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.assertRefused;
import static dev.tessera.auth.grant.jwtbearer.JwtBearerSetup.detailOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWT-bearer grant (RFC 7523 §2.1) end to end over a real HTTP port and a real
 * PostgreSQL: a partner identity provider made in the test, registered as a trusted
 * issuer through the admin API (keys served from its JWKS endpoint or inline, RS256 and
 * ES256), a client registered for the grant, and the exchange at the token endpoint. An
 * accepted assertion gives a token a resource server verifies, naming the partner; every
 * check that must refuse an assertion is tried on its own, and each refusal must say
 * which check failed, be audited, and never leak the assertion into the audit trail.
 */
@TesseraServerTest
@ExtendWith(OutputCaptureExtension.class)
class JwtBearerGrantIntegrationTest {

	static final String API = "https://partner-api.example.test";

	static final String READ = "partner:read";

	static final String WRITE = "partner:write";

	static final String EXTRA = "partner:extra";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MutableClock clock;

	JwtBearerSetup tessera;

	PartnerIdentityProvider partner;

	/** A client registered for the grant, allowed for {@link #partner}. */
	PartnerClient client;

	String prefix;

	@BeforeEach
	void setUp() {
		this.tessera = new JwtBearerSetup(this.issuer, this.issuer, this.registrar, this.jdbc);
		this.tessera.scopes(READ, WRITE, EXTRA);
		this.partner = PartnerIdentityProvider.start(this.clock);
		this.client = this.tessera.client(List.of(GRANT_TYPE), List.of(READ, WRITE, EXTRA), List.of(READ, EXTRA),
				List.of(API));
		this.prefix = "acme-" + PartnerIdentityProvider.shortId() + ":";
	}

	@AfterEach
	void stopPartner() {
		this.partner.close();
	}

	/** Trusts {@link #partner} by its JWKS endpoint, for {@link #client}. */
	void trustByJwksUri() {
		Map<String, Object> body = JwtBearerSetup.byJwksUri(this.partner, List.of(this.client.clientId()),
				List.of(READ, WRITE));
		body.put("subjectPrefix", this.prefix);
		this.tessera.trust(body);
	}

	/** Trusts {@link #partner} with its keys inline, for {@link #client}. */
	void trustInline() {
		Map<String, Object> body = JwtBearerSetup.byInlineJwks(this.partner, List.of(this.client.clientId()),
				List.of(READ, WRITE));
		body.put("subjectPrefix", this.prefix);
		this.tessera.trust(body);
	}

	/** A well-formed assertion for the token endpoint, changed by {@code customize}. */
	String assertion(JWK key, Consumer<JWTClaimsSet.Builder> customize) {
		JWTClaimsSet.Builder claims = this.partner.claims(this.tessera.tokenEndpoint());
		customize.accept(claims);
		return PartnerIdentityProvider.sign(key, claims.build());
	}

	String assertion(JWK key) {
		return assertion(key, claims -> {
		});
	}

	Http.Response exchange(String assertion, String... params) {
		return this.tessera.exchange(this.client, assertion, params);
	}

	// --- accepted

	@Test
	void rs256AssertionForTheTokenEndpointFromAJwksUriGetsAPartnerToken() throws Exception {
		trustByJwksUri();
		String assertion = assertion(this.partner.rsaKey());
		String subject = SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();

		Http.Response response = exchange(assertion, "scope", READ);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Map<String, Object> body = response.json();
		assertThat(body).containsEntry("token_type", "Bearer")
			.containsEntry("scope", READ)
			.doesNotContainKey("refresh_token")
			.doesNotContainKey("id_token");
		assertThat(response.header("Cache-Control")).contains("no-store");
		Jwt jwt = ResourceServerVerifier.forIssuer(this.issuer, API).decode((String) body.get("access_token"));
		assertPartnerToken(jwt, this.prefix + subject, READ);
		assertThat(this.partner.fetches()).as("keys fetched from the partner").isEqualTo(1);
		assertAuditedSuccess(response, assertion, subject);
	}

	@Test
	void es256AssertionForTheIssuerIdentifierWithInlineKeysGetsAPartnerToken() throws Exception {
		trustInline();
		String assertion = assertion(this.partner.ecKey(), claims -> claims.audience(this.issuer));
		String subject = SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();

		Http.Response response = exchange(assertion, "scope", READ + " " + WRITE);

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Jwt jwt = ResourceServerVerifier.forIssuer(this.issuer, API)
			.decode((String) response.json().get("access_token"));
		assertPartnerToken(jwt, this.prefix + subject, READ + " " + WRITE);
		assertThat(this.partner.fetches()).as("inline keys: the partner is never called").isZero();
		assertAuditedSuccess(response, assertion, subject);
	}

	@Test
	void bothKeyTypesWorkEitherWayTheyAreRegistered() {
		trustByJwksUri();
		for (JWK key : List.of(this.partner.rsaKey(), this.partner.ecKey())) {
			for (String audience : List.of(this.tessera.tokenEndpoint(), this.issuer)) {
				Http.Response response = exchange(assertion(key, claims -> claims.audience(audience)));
				assertThat(response.status()).as(key.getKeyType() + " " + audience + ": " + response).isEqualTo(200);
			}
		}
	}

	@Test
	void anAudienceArrayNeedsOneAcceptedValue() {
		trustInline();
		Http.Response response = exchange(assertion(this.partner.rsaKey(),
				claims -> claims.audience(List.of("https://elsewhere.example/token", this.tessera.tokenEndpoint()))));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	/** Without a scope parameter: the client's default scopes the issuer allows. */
	@Test
	void noScopeRequestedGivesTheClientsDefaultsThatTheIssuerAllows() {
		trustInline();
		Http.Response response = exchange(assertion(this.partner.rsaKey()));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Jwt jwt = ResourceServerVerifier.forIssuer(this.issuer, API)
			.decode((String) response.json().get("access_token"));
		// defaults are READ and EXTRA; the issuer allows READ and WRITE
		assertThat(jwt.getClaimAsString("scope")).isEqualTo(READ);
	}

	@Test
	void withoutAPrefixTheSubjectIsTheAssertionsAsItIs() throws Exception {
		this.tessera.trust(JwtBearerSetup.byInlineJwks(this.partner, List.of(this.client.clientId()), List.of(READ)));
		String assertion = assertion(this.partner.ecKey());
		Http.Response response = exchange(assertion, "scope", READ);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Jwt jwt = ResourceServerVerifier.forIssuer(this.issuer, API)
			.decode((String) response.json().get("access_token"));
		assertThat(jwt.getSubject()).isEqualTo(SignedJWT.parse(assertion).getJWTClaimsSet().getSubject());
		assertThat(jwt.getClaimAsString("tessera_partner")).isEqualTo(this.partner.issuer());
	}

	/** {@code resource} narrows the token's audience as for every grant. */
	@Test
	void aResourceNarrowsTheAudienceToOneOfTheClients() throws Exception {
		String billing = "https://billing.partner-api.example.test";
		PartnerClient twoApis = this.tessera.client(List.of(GRANT_TYPE), List.of(READ), List.of(READ),
				List.of(API, billing));
		this.tessera.trust(JwtBearerSetup.byInlineJwks(this.partner, List.of(twoApis.clientId()), List.of(READ)));
		Http.Response narrowed = this.tessera.exchange(twoApis, assertion(this.partner.rsaKey()), "resource", billing);
		assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);
		assertThat(SignedJWT.parse((String) narrowed.json().get("access_token")).getJWTClaimsSet().getAudience())
			.containsExactly(billing);
		Http.Response foreign = this.tessera.exchange(twoApis, assertion(this.partner.rsaKey()), "resource",
				"https://not-registered.example");
		assertRefused(foreign, 400, "invalid_target");
	}

	@Test
	void discoveryAdvertisesTheGrant() {
		for (String document : List.of("/.well-known/oauth-authorization-server",
				"/.well-known/openid-configuration")) {
			Map<String, Object> metadata = this.tessera.http().get(document).json();
			assertThat(metadata.get("grant_types_supported")).asList()
				.as(document)
				.contains("client_credentials", GRANT_TYPE);
		}
	}

	@Test
	void theClientMayAuthenticateWithClientSecretPost() {
		trustInline();
		Http.Response response = this.tessera.exchangeAnonymously(assertion(this.partner.rsaKey()), "client_id",
				this.client.clientId(), "client_secret", this.client.clientSecret());
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	/**
	 * Two assertions in one request: the client's own ({@code client_assertion}, for
	 * {@code private_key_jwt}) and the partner's ({@code assertion}, the grant). Each is
	 * checked for what it is, and neither stands in for the other.
	 */
	@Test
	void theClientMayAuthenticateWithPrivateKeyJwt() throws Exception {
		RSAKey clientKey = new RSAKeyGenerator(2048).keyID("client-" + PartnerIdentityProvider.shortId()).generate();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", "partner gateway with keys");
		body.put("grantTypes", List.of(GRANT_TYPE));
		body.put("authMethods", List.of("private_key_jwt"));
		body.put("scopes", List.of(READ));
		body.put("defaultScopes", List.of(READ));
		body.put("audiences", List.of(API));
		body.put("jwks", new JWKSet(clientKey.toPublicJWK()).toJSONObject(true));
		Http.Response created = this.tessera.admin().post("/admin/api/clients", JSONObjectUtils.toJSONString(body));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String clientId = (String) created.json().get("clientId");
		this.tessera.trust(JwtBearerSetup.byInlineJwks(this.partner, List.of(clientId), List.of(READ)));

		Instant now = this.partner.now();
		String clientAssertion = PartnerIdentityProvider.sign(clientKey,
				new JWTClaimsSet.Builder().issuer(clientId)
					.subject(clientId)
					.audience(this.issuer)
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(60)))
					.jwtID(UUID.randomUUID().toString())
					.build());
		String clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
		Http.Response response = this.tessera.exchangeAnonymously(assertion(this.partner.ecKey()), "client_id",
				clientId, "client_assertion_type", clientAssertionType, "client_assertion", clientAssertion);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Jwt jwt = ResourceServerVerifier.forIssuer(this.issuer, API)
			.decode((String) response.json().get("access_token"));
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo(clientId);
		assertThat(jwt.getClaimAsString("tessera_partner")).isEqualTo(this.partner.issuer());

		// the client's own assertion is no partner assertion
		Http.Response swapped = this.tessera.exchangeAnonymously(clientAssertion, "client_id", clientId,
				"client_assertion_type", clientAssertionType, "client_assertion",
				PartnerIdentityProvider.sign(clientKey,
						new JWTClaimsSet.Builder().issuer(clientId)
							.subject(clientId)
							.audience(this.issuer)
							.issueTime(Date.from(now))
							.expirationTime(Date.from(now.plusSeconds(60)))
							.jwtID(UUID.randomUUID().toString())
							.build()));
		assertInvalidGrant(swapped, "not a registered trusted issuer");
	}

	/**
	 * A refusal's audit event names what an investigator needs: the partner, the
	 * assertion's subject, the calling client, the error and the reason.
	 */
	@Test
	void aRefusalIsAuditedWithThePartnerTheSubjectTheClientAndTheReason() throws Exception {
		trustInline();
		Instant now = this.partner.now();
		String expired = assertion(this.partner.rsaKey(), claims -> claims.issueTime(Date.from(now.minusSeconds(300)))
			.expirationTime(Date.from(now.minusSeconds(120))));
		Http.Response response = exchange(expired);
		assertInvalidGrant(response, "exp");
		Map<String, Object> event = this.tessera.auditEventOf(response);
		assertThat(event).containsEntry("operation", "token.issue").containsEntry("outcome", "business_error");
		Map<String, Object> detail = detailOf(event);
		assertThat(detail).containsKey("grant")
			.containsEntry("partnerIssuer", this.partner.issuer())
			.containsEntry("subject", SignedJWT.parse(expired).getJWTClaimsSet().getSubject())
			.containsEntry("error", "invalid_grant");
		assertThat(detail.get("reason")).asString().contains("expired");
		assertThat(event).as("the calling client is the principal").containsEntry("principal", this.client.clientId());
		assertAssertionNotInAudit(expired);
	}

	/**
	 * A partner token is an access token like any other: its client introspects it
	 * (active, with the partner's subject) and revokes it.
	 */
	@Test
	void aPartnerTokenIntrospectsAndRevokesLikeAnyOther() throws Exception {
		trustInline();
		String assertion = assertion(this.partner.rsaKey());
		Http.Response issued = exchange(assertion, "scope", READ);
		assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
		String accessToken = (String) issued.json().get("access_token");

		Http.Response introspection = this.tessera.http()
			.postForm("/oauth2/introspect", this.client.clientId(), this.client.clientSecret(),
					Http.form("token", accessToken));
		assertThat(introspection.status()).as(introspection.toString()).isEqualTo(200);
		assertThat(introspection.json()).containsEntry("active", true)
			.containsEntry("client_id", this.client.clientId())
			.containsEntry("sub", this.prefix + SignedJWT.parse(assertion).getJWTClaimsSet().getSubject())
			.containsEntry("scope", READ);

		Http.Response revocation = this.tessera.http()
			.postForm("/oauth2/revoke", this.client.clientId(), this.client.clientSecret(),
					Http.form("token", accessToken));
		assertThat(revocation.status()).as(revocation.toString()).isEqualTo(200);
		assertThat(this.tessera.http()
			.postForm("/oauth2/introspect", this.client.clientId(), this.client.clientSecret(),
					Http.form("token", accessToken))
			.json()).containsEntry("active", false);
	}

	/**
	 * What an admin changes about a trusted issuer holds from the next exchange: a client
	 * taken off its list is refused, and a deleted issuer is unknown.
	 */
	@Test
	void aChangedOrDeletedTrustedIssuerTakesEffectAtOnce() {
		Map<String, Object> created = this.tessera
			.trust(JwtBearerSetup.byInlineJwks(this.partner, List.of(this.client.clientId()), List.of(READ)));
		String location = "/admin/api/trusted-issuers/" + created.get("id");
		assertThat(exchange(assertion(this.partner.rsaKey())).status()).isEqualTo(200);

		PartnerClient other = this.tessera.client(List.of(GRANT_TYPE), List.of(READ), List.of(READ), List.of(API));
		Http.Response patched = this.tessera.admin()
			.patch(location, "{\"allowedClientIds\":[\"" + other.clientId() + "\"]}");
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertInvalidGrant(exchange(assertion(this.partner.rsaKey())), "client is not allowed");
		assertThat(this.tessera.exchange(other, assertion(this.partner.rsaKey())).status()).isEqualTo(200);

		// the partner's keys replaced: the old key no longer verifies
		RSAKey replacement = this.partner.addRsaKey(null);
		this.partner.withdraw(this.partner.rsaKey().getKeyID());
		Http.Response rekeyed = this.tessera.admin()
			.patch(location, JSONObjectUtils.toJSONString(Map.of("jwks", this.partner.publicJwks())));
		assertThat(rekeyed.status()).as(rekeyed.toString()).isEqualTo(200);
		assertInvalidGrant(this.tessera.exchange(other, assertion(this.partner.rsaKey())),
				"no key of the trusted issuer matches");
		Http.Response issued = this.tessera.exchange(other, assertion(replacement));
		assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
		String accessToken = (String) issued.json().get("access_token");
		assertThat(introspect(other, accessToken)).containsEntry("active", true);

		assertThat(this.tessera.admin().delete(location).status()).isEqualTo(204);
		assertInvalidGrant(this.tessera.exchange(other, assertion(replacement)), "not a registered trusted issuer");
		assertThat(introspect(other, accessToken)).as("a deleted trust ends its tokens").containsEntry("active", false);
	}

	Map<String, Object> introspect(PartnerClient caller, String accessToken) {
		Http.Response response = this.tessera.http()
			.postForm("/oauth2/introspect", caller.clientId(), caller.clientSecret(), Http.form("token", accessToken));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	/**
	 * Keys named by the assertion itself ({@code jwk}, {@code jku}, {@code x5u} headers)
	 * are never trusted: only the registered issuer's keys verify, and a URL in the
	 * header is never fetched.
	 */
	@Test
	void keysNamedInTheAssertionsOwnHeaderAreNeverUsed() throws Exception {
		trustByJwksUri();
		try (PartnerIdentityProvider attacker = PartnerIdentityProvider.start(this.clock)) {
			RSAKey attackerKey = attacker.rsaKey();
			JWTClaimsSet claims = this.partner.claims(this.tessera.tokenEndpoint()).build();
			String embedded = PartnerIdentityProvider
				.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attackerKey.getKeyID())
					.jwk(attackerKey.toPublicJWK())
					.build(), attackerKey, claims);
			assertRefusedAndAudited(embedded, "no key of the trusted issuer matches");
			String embeddedSameKid = PartnerIdentityProvider.sign(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.partner.rsaKey().getKeyID())
						.jwk(new RSAKey.Builder(attackerKey.toRSAPublicKey()).keyID(this.partner.rsaKey().getKeyID())
							.build())
						.build(),
					new RSAKey.Builder(attackerKey).keyID(this.partner.rsaKey().getKeyID()).build(),
					this.partner.claims(this.tessera.tokenEndpoint()).build());
			assertRefusedAndAudited(embeddedSameKid, "signature does not verify");
			String byUrl = PartnerIdentityProvider
				.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attackerKey.getKeyID())
					.jwkURL(URI.create(attacker.jwksUri()))
					.x509CertURL(URI.create(attacker.jwksUri()))
					.build(), attackerKey, this.partner.claims(this.tessera.tokenEndpoint()).build());
			assertRefusedAndAudited(byUrl, "no key of the trusted issuer matches");
			assertThat(attacker.fetches()).as("URLs in the header are never fetched").isZero();
		}
	}

	/**
	 * Neither an accepted nor a refused assertion reaches the logs (a bearer credential
	 * for as long as it lives).
	 */
	@Test
	void noAssertionIsLogged(CapturedOutput output) {
		trustByJwksUri();
		List<String> assertions = List.of(assertion(this.partner.rsaKey()),
				PartnerIdentityProvider.signedByImpostor(this.partner.rsaKey(),
						this.partner.claims(this.tessera.tokenEndpoint()).build()),
				assertion(this.partner.ecKey(), claims -> claims.issuer("https://unknown.partner.test")),
				assertion(this.partner.ecKey(), claims -> claims.expirationTime(Date.from(Instant.EPOCH))),
				PartnerIdentityProvider.hmacWithPublicKey(this.partner.rsaKey(),
						this.partner.claims(this.tessera.tokenEndpoint()).build()),
				"garbage." + assertion(this.partner.rsaKey()));
		for (String assertion : assertions) {
			exchange(assertion);
		}
		Http.Response replay = exchange(assertions.get(0));
		assertInvalidGrant(replay, "jti");
		for (String assertion : assertions) {
			String signature = assertion.substring(assertion.lastIndexOf('.') + 1);
			assertThat(output.getAll()).doesNotContain(assertion).doesNotContain(signature);
		}
	}

	/**
	 * A partner's access token is no assertion: a {@code typ} other than {@code JWT}
	 * (here RFC 9068's {@code at+jwt}) is refused.
	 */
	@Test
	void aPartnersAccessTokenIsNoAssertion() {
		trustInline();
		String accessToken = PartnerIdentityProvider
			.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.partner.rsaKey().getKeyID())
				.type(new JOSEObjectType("at+jwt"))
				.build(), this.partner.rsaKey(), this.partner.claims(this.tessera.tokenEndpoint()).build());
		assertRefusedAndAudited(accessToken, "typ");
		String untyped = PartnerIdentityProvider.sign(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.partner.rsaKey().getKeyID()).build(),
				this.partner.rsaKey(), this.partner.claims(this.tessera.tokenEndpoint()).build());
		Http.Response accepted = exchange(untyped);
		assertThat(accepted.status()).as("no typ at all is fine: " + accepted).isEqualTo(200);
	}

	@Test
	void twoAssertionsInOneRequestAreInvalidRequest() {
		trustInline();
		String body = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8) + "&assertion="
				+ assertion(this.partner.rsaKey()) + "&assertion=" + assertion(this.partner.ecKey());
		Http.Response response = this.tessera.http()
			.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Authorization", Http.basic(this.client.clientId(), this.client.clientSecret()))
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertRefused(response, 400, "invalid_request");
	}

	@Test
	void anAssertionInTheUrlIsRefusedAndNotSpent() throws Exception {
		trustInline();
		String assertion = assertion(this.partner.rsaKey());
		String body = "grant_type=" + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8);
		Http.Response response = this.tessera.http()
			.send(HttpRequest.newBuilder(URI.create(this.issuer + "/oauth2/token?assertion=" + assertion))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Authorization", Http.basic(this.client.clientId(), this.client.clientSecret()))
				.POST(HttpRequest.BodyPublishers.ofString(body)));
		assertRefused(response, 400, "invalid_request");
		assertThat(response.json().get("error_description").toString()).contains("never in the URL");
		assertThat(exchange(assertion).status()).as("sent properly, the same assertion still works").isEqualTo(200);
	}

	// --- refused: the assertion's times

	@Test
	void anExpiredAssertionIsInvalidGrant() {
		trustInline();
		Instant now = this.partner.now();
		assertRefusedAndAudited(
				assertion(this.partner.rsaKey(), claims -> claims.issueTime(Date.from(now.minusSeconds(300)))
					.expirationTime(Date.from(now.minusSeconds(120)))),
				"exp");
	}

	@Test
	void anAssertionWithoutExpIsInvalidGrant() {
		trustInline();
		assertRefusedAndAudited(assertion(this.partner.rsaKey(), claims -> claims.expirationTime(null)), "exp");
	}

	@Test
	void anAssertionLivingLongerThanTheIssuerAllowsIsInvalidGrant() {
		trustInline(); // maxAssertionLifetimeSeconds: the default, 300
		Instant now = this.partner.now();
		// exp - now too long (no iat, so only this rule can refuse it)
		assertRefusedAndAudited(
				assertion(this.partner.rsaKey(),
						claims -> claims.issueTime(null).expirationTime(Date.from(now.plusSeconds(3600)))),
				"too far ahead");
		// exp - iat too long, though it expires soon
		assertRefusedAndAudited(
				assertion(this.partner.rsaKey(), claims -> claims.issueTime(Date.from(now.minusSeconds(900)))
					.expirationTime(Date.from(now.plusSeconds(30)))),
				"exp - iat");
	}

	@Test
	void anIssuersOwnMaximumLifetimeIsHonoured() {
		Map<String, Object> body = JwtBearerSetup.byInlineJwks(this.partner, List.of(this.client.clientId()),
				List.of(READ));
		body.put("maxAssertionLifetimeSeconds", 30);
		this.tessera.trust(body);
		Instant now = this.partner.now();
		assertRefusedAndAudited(
				assertion(this.partner.rsaKey(), claims -> claims.expirationTime(Date.from(now.plusSeconds(120)))),
				"lifetime", "exp", "iat");
		Http.Response within = exchange(
				assertion(this.partner.rsaKey(), claims -> claims.expirationTime(Date.from(now.plusSeconds(20)))));
		assertThat(within.status()).as(within.toString()).isEqualTo(200);
	}

	@Test
	void anAssertionNotYetValidIsInvalidGrant() {
		trustInline();
		Instant now = this.partner.now();
		assertRefusedAndAudited(
				assertion(this.partner.rsaKey(), claims -> claims.notBeforeTime(Date.from(now.plusSeconds(180)))
					.expirationTime(Date.from(now.plusSeconds(240)))),
				"nbf", "not yet", "before");
	}

	// --- refused: who it is from and for

	@Test
	void anAssertionForAnotherAudienceIsInvalidGrant() {
		trustInline();
		for (String audience : List.of("https://elsewhere.example/oauth2/token", this.issuer + "/oauth2/introspect",
				this.issuer + "/oauth2/token/extra")) {
			assertRefusedAndAudited(assertion(this.partner.rsaKey(), claims -> claims.audience(audience)), "aud");
		}
		assertRefusedAndAudited(assertion(this.partner.rsaKey(), claims -> claims.audience((String) null)), "aud");
	}

	@Test
	void registeredAudiencesReplaceTheDefaults() {
		Map<String, Object> body = JwtBearerSetup.byInlineJwks(this.partner, List.of(this.client.clientId()),
				List.of(READ));
		body.put("audiences", List.of("https://tessera.example/partners"));
		this.tessera.trust(body);
		assertRefusedAndAudited(assertion(this.partner.rsaKey()), "aud");
		Http.Response response = exchange(
				assertion(this.partner.rsaKey(), claims -> claims.audience("https://tessera.example/partners")));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	@Test
	void anAssertionFromAnUnknownIssuerIsInvalidGrant() {
		trustInline();
		assertRefusedAndAudited(
				assertion(this.partner.rsaKey(),
						claims -> claims.issuer("https://idp-" + PartnerIdentityProvider.shortId() + ".unknown.test")),
				"not a registered trusted issuer");
		assertRefusedAndAudited(assertion(this.partner.rsaKey(), claims -> claims.issuer(null)), "iss is required");
		// an issuer is compared exactly
		assertRefusedAndAudited(assertion(this.partner.rsaKey(), claims -> claims.issuer(this.partner.issuer() + "/")),
				"not a registered trusted issuer");
	}

	@Test
	void anAssertionSignedByAnotherKeyWithTheSameKidIsInvalidGrant() {
		trustByJwksUri();
		for (JWK key : List.of(this.partner.rsaKey(), this.partner.ecKey())) {
			JWTClaimsSet claims = this.partner.claims(this.tessera.tokenEndpoint()).build();
			assertRefusedAndAudited(PartnerIdentityProvider.signedByImpostor(key, claims), "signature does not verify");
		}
	}

	@Test
	void aTamperedAssertionIsInvalidGrant() throws Exception {
		trustInline();
		String genuine = assertion(this.partner.rsaKey());
		JWTClaimsSet original = SignedJWT.parse(genuine).getJWTClaimsSet();
		String forged = PartnerIdentityProvider.sign(this.partner.rsaKey(),
				new JWTClaimsSet.Builder(original).subject("admin").build());
		String[] genuineParts = genuine.split("\\.");
		String[] forgedParts = forged.split("\\.");
		assertRefusedAndAudited(forgedParts[0] + "." + forgedParts[1] + "." + genuineParts[2],
				"signature does not verify");
	}

	@Test
	void aReplayedJtiIsInvalidGrant() {
		trustInline();
		String assertion = assertion(this.partner.rsaKey());
		Http.Response first = exchange(assertion);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertRefusedAndAudited(assertion, "jti was used before");
		// the same jti in another assertion is a replay too
		String jti = jtiOf(assertion);
		assertRefusedAndAudited(assertion(this.partner.ecKey(), claims -> claims.jwtID(jti)), "jti was used before");
	}

	@Test
	void anAssertionWithoutJtiIsInvalidGrant() {
		trustInline();
		assertRefusedAndAudited(assertion(this.partner.rsaKey(), claims -> claims.jwtID(null)), "jti");
	}

	@Test
	void anAssertionWithoutSubIsInvalidGrant() {
		trustInline();
		assertRefusedAndAudited(assertion(this.partner.rsaKey(), claims -> claims.subject(null)), "sub");
	}

	// --- refused: the algorithm

	@Test
	void anUnsignedAssertionIsInvalidGrant() {
		trustInline();
		for (String none : List.of("none", "None", "NONE")) {
			JWTClaimsSet claims = this.partner.claims(this.tessera.tokenEndpoint()).build();
			assertRefusedAndAudited(PartnerIdentityProvider.unsigned(none, this.partner.rsaKey().getKeyID(), claims),
					"alg", "signed");
		}
	}

	@Test
	void hs256SignedWithTheIssuersPublicKeyIsInvalidGrant() {
		trustByJwksUri();
		for (JWK key : List.of(this.partner.rsaKey(), this.partner.ecKey())) {
			assertRefusedAndAudited(PartnerIdentityProvider.hmacWithPublicKey(key,
					this.partner.claims(this.tessera.tokenEndpoint()).build()), "alg");
			assertRefusedAndAudited(PartnerIdentityProvider.hmacWithPublicJwkText(key,
					this.partner.claims(this.tessera.tokenEndpoint()).build()), "alg");
		}
	}

	/** A key that states its own {@code alg} verifies only that algorithm. */
	@Test
	void anAlgorithmOtherThanTheKeysOwnIsInvalidGrant() {
		RSAKey pinned = this.partner.addRsaKey(JWSAlgorithm.RS256);
		trustInline();
		Http.Response pss = this.tessera.exchange(this.client, PartnerIdentityProvider.sign(pinned, JWSAlgorithm.PS256,
				this.partner.claims(this.tessera.tokenEndpoint()).build()));
		assertInvalidGrant(pss, "alg");
		assertAuditedRefusal(pss);
		Http.Response rs256 = this.tessera.exchange(this.client, PartnerIdentityProvider.sign(pinned,
				JWSAlgorithm.RS256, this.partner.claims(this.tessera.tokenEndpoint()).build()));
		assertThat(rs256.status()).as(rs256.toString()).isEqualTo(200);
	}

	/**
	 * An RS256 assertion naming an EC key's {@code kid}: no key of that type and id
	 * verifies it.
	 */
	@Test
	void aKidOfAnotherKeyTypeIsInvalidGrant() {
		ECKey pinned = this.partner.addEcKey(JWSAlgorithm.ES256);
		trustInline();
		Http.Response wrong = exchange(
				PartnerIdentityProvider.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(pinned.getKeyID()).build(),
						this.partner.rsaKey(), this.partner.claims(this.tessera.tokenEndpoint()).build()));
		assertInvalidGrant(wrong, "no key of the trusted issuer matches");
		assertAuditedRefusal(wrong);
	}

	@Test
	void somethingThatIsNotAJwtIsInvalidGrantAndNoAssertionIsInvalidRequest() {
		trustInline();
		for (String garbage : List.of("not-a-jwt", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.")) {
			assertInvalidGrant(exchange(garbage), "not a signed JWT");
		}
		assertRefused(exchange(""), 400, "invalid_request", "assertion is required");
		assertRefused(this.tessera.exchange(this.client, null), 400, "invalid_request", "assertion is required");
	}

	// --- refused: scopes and clients

	@Test
	void aScopeTheIssuerDoesNotAllowIsInvalidScope() {
		trustInline(); // allows READ and WRITE; the client has READ, WRITE and EXTRA
		Http.Response response = exchange(assertion(this.partner.rsaKey()), "scope", READ + " " + EXTRA);
		assertRefused(response, 400, "invalid_scope", "not allowed for the trusted issuer");
		assertAuditedRefusal(response, "invalid_scope");
		Http.Response admin = exchange(assertion(this.partner.rsaKey()), "scope", "admin:clients");
		assertRefused(admin, 400, "invalid_scope", "never granted on a partner's assertion");
	}

	@Test
	void aScopeTheClientDoesNotHaveIsInvalidScope() {
		PartnerClient narrow = this.tessera.client(List.of(GRANT_TYPE), List.of(READ), List.of(), List.of(API));
		this.tessera.trust(JwtBearerSetup.byInlineJwks(this.partner, List.of(narrow.clientId()), List.of(READ, WRITE)));
		Http.Response response = this.tessera.exchange(narrow, assertion(this.partner.rsaKey()), "scope", WRITE);
		assertRefused(response, 400, "invalid_scope", "not registered for the client");
		assertAuditedRefusal(response, "invalid_scope", narrow.clientId());
	}

	@Test
	void aClientTheIssuerDoesNotAllowIsInvalidGrant() {
		trustInline();
		PartnerClient other = this.tessera.client(List.of(GRANT_TYPE), List.of(READ), List.of(READ), List.of(API));
		String assertion = assertion(this.partner.rsaKey());
		Http.Response response = this.tessera.exchange(other, assertion);
		assertInvalidGrant(response, "client is not allowed");
		assertAuditedRefusal(response, "invalid_grant", other.clientId());
		assertAssertionNotInAudit(assertion);
	}

	@Test
	void aClientNotRegisteredForTheGrantIsUnauthorizedClient() {
		PartnerClient credentialsOnly = this.tessera.client(List.of("client_credentials"), List.of(READ), List.of(READ),
				List.of(API));
		this.tessera
			.trust(JwtBearerSetup.byInlineJwks(this.partner, List.of(credentialsOnly.clientId()), List.of(READ)));
		Http.Response response = this.tessera.exchange(credentialsOnly, assertion(this.partner.rsaKey()));
		assertRefused(response, 400, "unauthorized_client");
		assertAuditedRefusal(response, "unauthorized_client", credentialsOnly.clientId());
	}

	@Test
	void noClientAuthenticationIsInvalidClient() {
		trustInline();
		Http.Response anonymous = this.tessera.exchangeAnonymously(assertion(this.partner.rsaKey()));
		assertRefused(anonymous, 401, "invalid_client");
		Http.Response onlyAnId = this.tessera.exchangeAnonymously(assertion(this.partner.rsaKey()), "client_id",
				this.client.clientId());
		assertRefused(onlyAnId, 401, "invalid_client");
		Http.Response wrongSecret = this.tessera.exchange(
				new PartnerClient(this.client.clientId(), this.client.clientSecret() + "x"),
				assertion(this.partner.rsaKey()));
		assertRefused(wrongSecret, 401, "invalid_client");
	}

	/**
	 * Only an accepted assertion spends its {@code jti}: a forgery that copied a genuine
	 * assertion's {@code jti} and was refused does not block the genuine one.
	 */
	@Test
	void aForgeryDoesNotSpendTheJtiOfTheGenuineAssertion() {
		trustInline();
		JWTClaimsSet claims = this.partner.claims(this.tessera.tokenEndpoint()).build();
		assertRefusedAndAudited(PartnerIdentityProvider.signedByImpostor(this.partner.rsaKey(), claims),
				"signature does not verify");
		Http.Response genuine = exchange(PartnerIdentityProvider.sign(this.partner.rsaKey(), claims));
		assertThat(genuine.status()).as(genuine.toString()).isEqualTo(200);
	}

	// --- helpers

	void assertPartnerToken(Jwt jwt, String subject, String scope) {
		assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt");
		assertThat(jwt.getIssuer().toString()).isEqualTo(this.issuer);
		assertThat(jwt.getSubject()).isEqualTo(subject);
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo(this.client.clientId());
		assertThat(jwt.getClaimAsString("tessera_partner")).isEqualTo(this.partner.issuer());
		assertThat(jwt.getClaimAsString("scope").split(" ")).containsExactlyInAnyOrder(scope.split(" "));
		assertThat(jwt.getAudience()).containsExactly(API);
		assertThat(jwt.getId()).isNotBlank();
	}

	void assertAuditedSuccess(Http.Response response, String assertion, String subject) {
		Map<String, Object> event = this.tessera.auditEventOf(response);
		assertThat(event).containsEntry("operation", "token.issue").containsEntry("outcome", "success");
		assertThat(event).as("the calling client is the principal").containsEntry("principal", this.client.clientId());
		assertThat(detailOf(event)).containsEntry("partnerIssuer", this.partner.issuer())
			.containsEntry("subject", subject);
		assertAssertionNotInAudit(assertion);
	}

	/** Refused as {@code invalid_grant} naming the check, audited as a refusal. */
	void assertRefusedAndAudited(String assertion, String... keywords) {
		Http.Response response = exchange(assertion);
		assertInvalidGrant(response, keywords);
		assertAuditedRefusal(response);
		assertAssertionNotInAudit(assertion);
	}

	/**
	 * Audited as a refusal of the test client's exchange, with the error and the reason
	 * (the partner too, when the assertion named one: see the overloads).
	 */
	void assertAuditedRefusal(Http.Response response) {
		Map<String, Object> detail = auditedRefusal(response, "invalid_grant", this.client.clientId());
		assertThat(detail).containsKey("reason");
	}

	void assertAuditedRefusal(Http.Response response, String error) {
		assertAuditedRefusal(response, error, this.client.clientId());
	}

	/** Audited as a refusal of this client's exchange with the test partner. */
	void assertAuditedRefusal(Http.Response response, String error, String clientId) {
		assertThat(auditedRefusal(response, error, clientId)).containsEntry("partnerIssuer", this.partner.issuer())
			.containsKey("reason");
	}

	private Map<String, Object> auditedRefusal(Http.Response response, String error, String clientId) {
		Map<String, Object> event = this.tessera.auditEventOf(response);
		assertThat(event).as(response.toString())
			.containsEntry("operation", "token.issue")
			.containsEntry("outcome", "business_error")
			.containsEntry("principal", clientId);
		Map<String, Object> detail = detailOf(event);
		assertThat(detail).as(event.toString()).containsEntry("error", error);
		return detail;
	}

	/** Neither the assertion nor any of its parts is anywhere in the audit trail. */
	void assertAssertionNotInAudit(String assertion) {
		assertThat(this.tessera.auditEventsHolding(assertion)).as("events holding the assertion").isZero();
		for (String part : assertion.split("\\.")) {
			if (part.length() > 16) {
				assertThat(this.tessera.auditEventsHolding(part)).as("events holding a part of the assertion").isZero();
			}
		}
	}

	static String jtiOf(String assertion) {
		try {
			return SignedJWT.parse(assertion).getJWTClaimsSet().getJWTID();
		}
		catch (java.text.ParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
