package dev.tessera.auth.client;

import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.jose.VerificationKeyPolicy;
import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;
import dev.tessera.auth.support.TestPki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every rule of a client registration, on its own: no Spring, no database. A draft that
 * breaks one rule is refused with that rule's field and message, and a valid draft
 * passes.
 */
class ClientRulesTest {

	static final Set<String> CATALOGUE = Set.of("orders:read", "orders:write", "admin:clients", "admin:read",
			"audit:read");

	static final String AUDIENCE = "https://api.example.test";

	static final String BAD_JWKS_URI = "https://jwks.internal.test/keys";

	final ClientRules rules = new ClientRules(Duration.ofHours(1),
			uri -> BAD_JWKS_URI.equals(uri) ? Optional.of("resolves to a private address") : Optional.empty());

	@Test
	void aValidClientCredentialsClientPasses() {
		assertThatNoException().isThrownBy(() -> check(valid()));
		assertThatNoException().isThrownBy(() -> check(draft().accessTokenTtl(3600)
			.secretTtl(60)
			.scopes("orders:read", "orders:write")
			.defaultScopes("orders:read")));
	}

	@Test
	void theClientIdIsOptionalButWellFormedWhenGiven() {
		assertThatNoException().isThrownBy(() -> check(draft().clientId(null)));
		assertThatNoException().isThrownBy(() -> check(draft().clientId("a.b_c:d-9")));
		assertThatNoException().isThrownBy(() -> check(draft().clientId("x".repeat(100))));
		assertOnly(draft().clientId("-starts-with-dash"), "clientId", "1-100 characters");
		assertOnly(draft().clientId("has space"), "clientId", "1-100 characters");
		assertOnly(draft().clientId("x".repeat(101)), "clientId", "1-100 characters");
		assertOnly(draft().clientId(""), "clientId", "1-100 characters");
	}

	@Test
	void theNameIsRequiredShortAndPrintable() {
		assertOnly(draft().name(null), "name", "is required");
		assertOnly(draft().name("  "), "name", "is required");
		assertOnly(draft().name("n".repeat(201)), "name", "at most 200");
		assertThatNoException().isThrownBy(() -> check(draft().name("n".repeat(200))));
		assertOnly(draft().name("bad\u0000name"), "name", "control characters");
		assertOnly(draft().name("line\nbreak"), "name", "control characters");
	}

	@Test
	void servedGrantsAreAcceptedAndUnknownOnesRefused() {
		assertThatNoException().isThrownBy(() -> check(draft().grants("urn:ietf:params:oauth:grant-type:jwt-bearer")));
		assertThatNoException().isThrownBy(
				() -> check(draft().grants("client_credentials", "urn:ietf:params:oauth:grant-type:jwt-bearer")));
		assertThatNoException().isThrownBy(() -> check(code()));
		assertThatNoException().isThrownBy(() -> check(code().grants("authorization_code", "refresh_token")));
		assertThatNoException().isThrownBy(() -> check(code().methods("client_secret_basic")
			.grants("authorization_code", "refresh_token", "client_credentials")));
		assertOnly(draft().grants(), "grantTypes", "at least one grant type");
		assertOnly(draft().grants("password"), "grantTypes", "unknown grant type 'password'");
	}

	@Test
	void refreshTokenOnlyTogetherWithAuthorizationCode() {
		assertOnly(draft().grants("refresh_token"), "grantTypes",
				"refresh_token is only issued with authorization_code");
		assertOnly(draft().grants("client_credentials", "refresh_token"), "grantTypes",
				"refresh_token is only issued with authorization_code");
	}

	@Test
	void authorizationCodeNeedsARedirectUri() {
		assertOnly(code().redirectUris(), "redirectUris", "authorization_code needs at least one redirect URI");
		assertOnly(code().methods("client_secret_basic").redirectUris(), "redirectUris",
				"authorization_code needs at least one redirect URI");
	}

	@Test
	void aPublicClientUsesNoneAloneAndOnlyTheAuthorizationCodeFlow() {
		assertThatNoException().isThrownBy(() -> check(code().methods("none")));
		assertOnly(code().methods("none", "client_secret_basic"), "authMethods",
				"'none' (a public client) must be the only authentication method");
		assertOnly(code().grants("authorization_code", "client_credentials"), "authMethods",
				"client_credentials needs a confidential client");
		assertOnly(code().grants("authorization_code", "urn:ietf:params:oauth:grant-type:jwt-bearer"), "authMethods",
				"urn:ietf:params:oauth:grant-type:jwt-bearer needs a confidential client");
		assertOnly(draft().methods("none"), "authMethods", "client_credentials needs a confidential client");
	}

	@Test
	void adminScopesInAnAuthorizationCodeClientOnlyFromACallerHoldingThem() {
		assertThatNoException().isThrownBy(() -> this.rules.check(code().scopes("admin:clients", "admin:read").build(),
				CATALOGUE, Set.of("admin:clients", "admin:read")));
		assertOnly(code().scopes("admin:clients"), "scopes",
				"'admin:clients' is an admin scope the caller does not hold itself");
	}

	@Test
	void authenticationMethodsAreKnownSupportedAndConfidential() {
		assertOnly(draft().methods(), "authMethods", "at least one authentication method");
		assertThatNoException().isThrownBy(() -> check(draft().methods("client_secret_post")));
		assertOnly(draft().methods("client_secret_jwt"), "authMethods",
				"unknown authentication method 'client_secret_jwt'");
		assertThatNoException().isThrownBy(() -> check(draft().methods("tls_client_auth").subjectDn("CN=orders")));
		assertThatNoException()
			.isThrownBy(() -> check(draft().methods("self_signed_tls_client_auth").jwks(selfSignedJwks("CN=orders"))));
	}

	@Test
	void tlsClientAuthNeedsExactlyOneCertificateIdentity() {
		assertThatNoException()
			.isThrownBy(() -> check(draft().methods("tls_client_auth").subjectDn("CN=orders, O=Example")));
		assertThatNoException().isThrownBy(() -> check(draft().methods("tls_client_auth")
			.identity(TlsClientIdentity.of(TlsClientIdentity.Kind.DNS, "orders.example.test"))));
		assertThatNoException().isThrownBy(() -> check(draft().methods("tls_client_auth")
			.identity(TlsClientIdentity.of(TlsClientIdentity.Kind.URI, "spiffe://example.test/orders"))));
		assertThatNoException().isThrownBy(() -> check(draft().methods("tls_client_auth")
			.identity(TlsClientIdentity.of(TlsClientIdentity.Kind.IP, "2001:db8::1"))));
		assertThatNoException().isThrownBy(() -> check(draft().methods("tls_client_auth")
			.identity(TlsClientIdentity.of(TlsClientIdentity.Kind.IP, "192.0.2.10"))));
		assertThatNoException().isThrownBy(() -> check(draft().methods("tls_client_auth")
			.identity(TlsClientIdentity.of(TlsClientIdentity.Kind.EMAIL, "orders@example.test"))));
		assertThatNoException()
			.isThrownBy(() -> check(draft().methods("tls_client_auth", "client_secret_basic").subjectDn("CN=orders")));
		assertOnly(draft().methods("tls_client_auth"), "tlsSubjectDn", "exactly one of tlsSubjectDn, tlsSanDns");
		assertOnly(
				draft().methods("tls_client_auth")
					.identity(new TlsClientIdentity("CN=orders", null, "spiffe://example.test/orders", null, null)),
				"tlsSanUri", "only one of");
		assertOnly(draft().subjectDn("CN=orders"), "tlsSubjectDn", "is only used with tls_client_auth");
		assertOnly(
				draft().methods("self_signed_tls_client_auth")
					.jwks(selfSignedJwks("CN=orders"))
					.identity(TlsClientIdentity.of(TlsClientIdentity.Kind.DNS, "orders.example.test")),
				"tlsSanDns", "is only used with tls_client_auth");
	}

	@Test
	void certificateIdentitiesAreWellFormed() {
		assertOnly(draft().methods("tls_client_auth").subjectDn("orders"), "tlsSubjectDn", "not a distinguished name");
		assertOnly(draft().methods("tls_client_auth").subjectDn(" "), "tlsSubjectDn", "must not be blank");
		assertOnly(draft().methods("tls_client_auth").subjectDn("CN=a\u0000b"), "tlsSubjectDn", "control characters");
		assertOnly(identity(TlsClientIdentity.Kind.IP, "localhost"), "tlsSanIp", "not an IPv4 or IPv6 address");
		assertOnly(identity(TlsClientIdentity.Kind.IP, "300.1.1.1"), "tlsSanIp", "not an IPv4 or IPv6 address");
		assertOnly(identity(TlsClientIdentity.Kind.IP, "1::2::3"), "tlsSanIp", "not an IPv4 or IPv6 address");
		assertOnly(identity(TlsClientIdentity.Kind.URI, "orders"), "tlsSanUri", "not an absolute URI");
		assertOnly(identity(TlsClientIdentity.Kind.EMAIL, "orders"), "tlsSanEmail", "not an e-mail address");
		assertOnly(identity(TlsClientIdentity.Kind.EMAIL, "a b@example.test"), "tlsSanEmail", "not an e-mail address");
		assertOnly(identity(TlsClientIdentity.Kind.DNS, "orders_example.test"), "tlsSanDns", "not a DNS name");
		assertThatNoException().isThrownBy(() -> check(identity(TlsClientIdentity.Kind.DNS, "*.example.test")));
	}

	@Test
	void certificateBoundTokensNeedACertificateMethod() {
		assertOnly(draft().certificateBound(), "certificateBoundTokens",
				"needs certificate authentication methods only");
		// a secret or assertion next to the certificate would get unbound tokens
		assertOnly(draft().methods("client_secret_basic", "tls_client_auth").subjectDn("CN=orders").certificateBound(),
				"certificateBoundTokens", "needs certificate authentication methods only");
		assertThatNoException().isThrownBy(() -> check(
				draft().methods("self_signed_tls_client_auth").jwks(selfSignedJwks("CN=orders")).certificateBound()));
	}

	@Test
	void selfSignedClientsRegisterTheirCertificatesInTheirKeys() throws Exception {
		assertOnly(draft().methods("self_signed_tls_client_auth"), "jwks",
				"self_signed_tls_client_auth needs exactly one of jwks or jwksUri");
		assertThatNoException().isThrownBy(() -> check(
				draft().methods("self_signed_tls_client_auth").jwksUri("https://client.example.test/jwks")));
		assertOnly(draft().methods("self_signed_tls_client_auth").jwks(new JWKSet(ecPublic()).toString()), "jwks",
				"has no x5c");
		ECKey other = ecPublic();
		String mismatched = selfSignedJwks("CN=orders")
			.replaceFirst("\"x\":\"[^\"]+\"", "\"x\":\"" + other.getX() + "\"")
			.replaceFirst("\"y\":\"[^\"]+\"", "\"y\":\"" + other.getY() + "\"");
		InvalidInputProblem problem = refused(draft().methods("self_signed_tls_client_auth").jwks(mismatched));
		assertThat(problem.getProblems()).extracting(FieldProblem::field).containsExactly("jwks");
	}

	private static Draft identity(TlsClientIdentity.Kind kind, String value) {
		return draft().methods("tls_client_auth").identity(TlsClientIdentity.of(kind, value));
	}

	/** A key set with one EC key and its self-signed certificate in x5c. */
	static String selfSignedJwks(String subjectDn) {
		TestPki.Issued issued = TestPki.selfSigned(subjectDn).build();
		try {
			return new JWKSet(new ECKey.Builder(Curve.P_256, (ECPublicKey) issued.keys().getPublic()).keyID("cert")
				.x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(issued.certificate().getEncoded())))
				.build()).toString();
		}
		catch (java.security.cert.CertificateEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void scopesComeFromTheCatalogueAndAdminScopesOnlyFromACallerHoldingThem() {
		assertOnly(draft().scopes("orders:delete"), "scopes", "unknown scope 'orders:delete'");
		assertOnly(draft().scopes("bad scope"), "scopes", "unknown scope 'bad scope'");
		assertOnly(draft().scopes("admin:clients"), "scopes",
				"'admin:clients' is an admin scope the caller does not hold itself");
		assertThatNoException().isThrownBy(
				() -> this.rules.check(draft().scopes("admin:clients").build(), CATALOGUE, Set.of("admin:clients")));
		InvalidInputProblem partly = catchThrowableOfType(InvalidInputProblem.class, () -> this.rules
			.check(draft().scopes("admin:clients", "admin:read").build(), CATALOGUE, Set.of("admin:clients")));
		assertThat(messages(partly)).containsExactly("'admin:read' is an admin scope the caller does not hold itself");
	}

	@Test
	void defaultScopesAreAmongTheScopesAndDoNotMixAdminWithOthers() {
		assertOnly(draft().scopes("orders:read").defaultScopes("orders:write"), "defaultScopes",
				"'orders:write' is not among the client's scopes");
		Set<String> admin = Set.of("admin:read", "audit:read");
		assertOnlyAs(draft().scopes("orders:read", "admin:read").defaultScopes("orders:read", "admin:read"), admin,
				"defaultScopes", "must not mix admin scopes with other scopes");
		assertThatNoException().isThrownBy(() -> this.rules.check(
				draft().scopes("admin:read", "audit:read").defaultScopes("admin:read", "audit:read").build(), CATALOGUE,
				admin));
		assertThatNoException().isThrownBy(() -> this.rules
			.check(draft().scopes("orders:read", "admin:read").defaultScopes("orders:read").build(), CATALOGUE, admin));
	}

	@Test
	void audiencesAreAbsoluteUris() {
		assertOnly(draft().audiences("api.example.test"), "audiences", "'api.example.test' is not an absolute URI");
		assertOnly(draft().audiences("https://exa mple.test"), "audiences", "is not an absolute URI");
		assertOnly(draft().audiences("https://api.example.test/" + "a".repeat(2000)), "audiences",
				"is not an absolute URI");
		assertThatNoException().isThrownBy(() -> check(draft().audiences("urn:example:api", AUDIENCE)));
	}

	@Test
	void redirectUrisOnlyWithAuthorizationCodeAndThenExact() {
		assertOnly(draft().redirectUris("https://app.example.test/callback"), "redirectUris",
				"are only used with authorization_code");
		assertThat(ClientRules.redirectUriProblem("https://app.example.test/callback")).isEmpty();
		assertThat(ClientRules.redirectUriProblem("https://app.example.test:8443/callback?x=1")).isEmpty();
		assertThat(ClientRules.redirectUriProblem("http://127.0.0.1/cb")).isEmpty();
		assertThat(ClientRules.redirectUriProblem("http://127.0.0.1:8080/cb")).isEmpty();
		assertThat(ClientRules.redirectUriProblem("http://[::1]/cb")).isEmpty();
		assertThat(ClientRules.redirectUriProblem("http://[::1]:53682/cb")).isEmpty();
		assertThat(ClientRules.redirectUriProblem("http://app.example.test/cb")).get(STRING).contains("must use https");
		assertThat(ClientRules.redirectUriProblem("http://10.0.0.1/cb")).get(STRING).contains("must use https");
		assertThat(ClientRules.redirectUriProblem("ftp://app.example.test/cb")).get(STRING).contains("must use https");
		assertThat(ClientRules.redirectUriProblem("https://app.example.test/cb#frag")).get(STRING)
			.contains("must not have a fragment");
		assertThat(ClientRules.redirectUriProblem("https://app.example.test/cb#")).get(STRING)
			.contains("must not have a fragment");
		assertThat(ClientRules.redirectUriProblem("/relative/cb")).get(STRING).contains("must be an absolute URL");
		assertThat(ClientRules.redirectUriProblem("https://exa mple/cb")).get(STRING).contains("is not a URI");
		assertThat(ClientRules.redirectUriProblem("custom:cb")).get(STRING).contains("must be an absolute URL");
		for (String badPort : new String[] { "http://127.0.0.1:/cb", "https://app.example.test:99999/cb",
				"https://app.example.test:0/cb" }) {
			assertThat(ClientRules.redirectUriProblem(badPort)).as(badPort).get(STRING).contains("no valid port");
		}
	}

	@Test
	void localhostOverHttpIsRefusedForTheLoopbackIpLiteral() {
		for (String host : List.of("localhost", "LOCALHOST", "localhost.", "app.localhost")) {
			assertThat(ClientRules.redirectUriProblem("http://" + host + ":8080/cb")).as(host)
				.get(STRING)
				.contains("http://127.0.0.1")
				.contains("RFC 8252 §8.3");
		}
		assertThat(ClientRules.redirectUriProblem("https://localhost/cb")).as("https is https").isEmpty();
		for (String host : List.of("127.0.0.2", "[::ffff:127.0.0.1]", "[0:0:0:0:0:0:0:1]")) {
			assertThat(ClientRules.redirectUriProblem("http://" + host + "/cb")).as(host)
				.get(STRING)
				.contains("only allowed on the loopback IP literals 127.0.0.1 and [::1]");
		}
		assertOnly(code().redirectUris("http://localhost/callback"), "redirectUris", "RFC 8252 §8.3");
	}

	@Test
	void redirectUrisHaveNoWildcardUserInfoOrControlCharactersAndAreShort() {
		assertThat(ClientRules.redirectUriProblem("https://*.example.test/cb")).get(STRING)
			.contains("must not contain '*'");
		assertThat(ClientRules.redirectUriProblem("https://app.example.test/*")).get(STRING)
			.contains("must not contain '*'");
		assertThat(ClientRules.redirectUriProblem("https://app.example.test/cb?next=*")).get(STRING)
			.contains("must not contain '*'");
		assertThat(ClientRules.redirectUriProblem("https://user@app.example.test/cb")).get(STRING)
			.contains("must not contain user information");
		assertThat(ClientRules.redirectUriProblem("http://user:pw@127.0.0.1/cb")).get(STRING)
			.contains("must not contain user information");
		assertThat(ClientRules.redirectUriProblem("https://app.example.test/c\u0000b")).get(STRING)
			.contains("control characters");
		assertThat(ClientRules.redirectUriProblem("https://app.example.test/c\tb")).get(STRING)
			.contains("control characters");
		String base = "https://app.example.test/";
		assertThat(ClientRules.redirectUriProblem(base + "a".repeat(2000 - base.length()))).isEmpty();
		assertThat(ClientRules.redirectUriProblem(base + "a".repeat(2001 - base.length()))).get(STRING)
			.contains("at most 2000 characters");
		assertOnly(code().redirectUris("https://app.example.test/cb#x"), "redirectUris", "must not have a fragment");
	}

	@Test
	void postLogoutRedirectUrisFollowTheRedirectRulesAndOnlyWithAuthorizationCode() {
		assertThatNoException()
			.isThrownBy(() -> check(code().postLogout("http://127.0.0.1/signed-out", "https://app.example.test/bye")));
		assertOnly(draft().postLogout("https://app.example.test/bye"), "postLogoutRedirectUris",
				"are only used with authorization_code");
		assertOnly(code().postLogout("http://localhost/bye"), "postLogoutRedirectUris", "RFC 8252 §8.3");
		assertOnly(code().postLogout("https://app.example.test/bye#x"), "postLogoutRedirectUris",
				"must not have a fragment");
		assertOnly(code().postLogout("https://*.example.test/bye"), "postLogoutRedirectUris", "must not contain '*'");
		assertOnly(code().postLogout("http://app.example.test/bye"), "postLogoutRedirectUris", "must use https");
	}

	@Test
	void firstPartyOnlyWithAuthorizationCode() {
		assertThatNoException().isThrownBy(() -> check(code().firstParty()));
		assertOnly(draft().firstParty(), "firstParty", "is only used with authorization_code");
	}

	@Test
	void refreshLifetimesWithinTheirCapsIdleNoLongerThanAbsoluteAndOnlyWithRefreshTokens() {
		assertThatNoException().isThrownBy(() -> check(refresh().idle(60).absolute(60)));
		assertThatNoException().isThrownBy(() -> check(refresh().idle(7776000).absolute(7776000)));
		assertThatNoException().isThrownBy(() -> check(refresh().idle(3600)));
		assertThatNoException().isThrownBy(() -> check(refresh().absolute(7776000)));
		assertOnly(refresh().idle(59), "refreshTokenIdleSeconds", "between 60 and 7776000");
		assertOnly(refresh().idle(7776001).absolute(7776000), "refreshTokenIdleSeconds", "between 60 and 7776000");
		assertOnly(refresh().absolute(59), "refreshTokenAbsoluteSeconds", "between 60 and 7776000");
		assertOnly(refresh().absolute(7776001), "refreshTokenAbsoluteSeconds", "between 60 and 7776000");
		assertOnly(refresh().idle(7200).absolute(3600), "refreshTokenIdleSeconds",
				"refreshTokenIdleSeconds (7200) must not exceed refreshTokenAbsoluteSeconds (3600)");
		assertOnly(refresh().absolute(3600), "refreshTokenAbsoluteSeconds",
				"refreshTokenIdleSeconds (604800, the default) must not exceed refreshTokenAbsoluteSeconds (3600)");
		assertOnly(refresh().idle(2592001), "refreshTokenIdleSeconds",
				"must not exceed refreshTokenAbsoluteSeconds (2592000, the default)");
		assertOnly(code().idle(3600), "refreshTokenIdleSeconds", "is only used with refresh_token");
		assertOnly(code().absolute(3600), "refreshTokenAbsoluteSeconds", "is only used with refresh_token");
		assertThat(PersonFlowSettings.NONE.refreshTokenIdle()).isEqualTo(Duration.ofDays(7));
		assertThat(PersonFlowSettings.NONE.refreshTokenAbsolute()).isEqualTo(Duration.ofDays(30));
	}

	@Test
	void privateKeyJwtNeedsExactlyOneKeySourceAndOnlyItUsesOne() throws Exception {
		String jwks = new JWKSet(rsaPublic(2048)).toString();
		assertThatNoException().isThrownBy(() -> check(draft().methods("private_key_jwt").jwks(jwks)));
		assertThatNoException()
			.isThrownBy(() -> check(draft().methods("private_key_jwt").jwksUri("https://client.example.test/jwks")));
		assertOnly(draft().methods("private_key_jwt"), "jwks", "needs exactly one of jwks or jwksUri");
		assertOnly(draft().methods("private_key_jwt").jwks(jwks).jwksUri("https://client.example.test/jwks"), "jwksUri",
				"needs exactly one of jwks or jwksUri");
		assertOnly(draft().jwks(jwks), "jwks", "is only used with private_key_jwt");
		assertOnly(draft().jwksUri("https://client.example.test/jwks"), "jwksUri", "is only used with private_key_jwt");
		assertOnly(draft().methods("private_key_jwt").jwksUri(BAD_JWKS_URI), "jwksUri",
				"resolves to a private address");
	}

	@Test
	void anInlineJwksHoldsUsableRsaOrEcPublicKeysOnly() throws Exception {
		assertThat(VerificationKeyPolicy.registrationProblem(new JWKSet(rsaPublic(2048)).toString())).isEmpty();
		assertThat(VerificationKeyPolicy.registrationProblem(new JWKSet(ecPublic()).toString())).isEmpty();
		assertThat(VerificationKeyPolicy.registrationProblem("not json")).contains("is not a JSON Web Key Set");
		assertThat(VerificationKeyPolicy.registrationProblem("{\"keys\":[]}")).contains("holds no key");
		RSAKey withPrivate = new RSAKeyGenerator(2048).keyID("private-one").generate();
		assertThat(VerificationKeyPolicy.registrationProblem(new JWKSet(withPrivate).toString(false))).get(STRING)
			.contains("key 'private-one' has a private part");
		OctetSequenceKey symmetric = new OctetSequenceKey.Builder(new byte[32]).keyID("oct").build();
		assertThat(VerificationKeyPolicy.registrationProblem(new JWKSet(symmetric).toString(false)))
			.contains("must hold RSA or EC public keys, not symmetric keys");
		assertThat(VerificationKeyPolicy.registrationProblem(new JWKSet(rsaPublic(1024)).toString())).get(STRING)
			.contains("is an RSA key of 1024 bits; at least 2048 are required");
		assertOnly(draft().methods("private_key_jwt").jwks("{\"keys\":[]}"), "jwks", "holds no key");
	}

	@Test
	void lifetimesStayWithinTheServersCaps() {
		assertThatNoException().isThrownBy(() -> check(draft().accessTokenTtl(1)));
		assertThatNoException().isThrownBy(() -> check(draft().accessTokenTtl(3600)));
		assertOnly(draft().accessTokenTtl(0), "accessTokenTtlSeconds", "between 1 and 3600");
		assertOnly(draft().accessTokenTtl(3601), "accessTokenTtlSeconds", "between 1 and 3600");
		assertThatNoException().isThrownBy(() -> check(draft().secretTtl(60)));
		assertThatNoException().isThrownBy(() -> check(draft().secretTtl(2 * 365 * 24 * 3600)));
		assertOnly(draft().secretTtl(59), "secretTtlSeconds", "between 60 and");
		assertOnly(draft().secretTtl(2 * 365 * 24 * 3600 + 1), "secretTtlSeconds", "between 60 and");
	}

	@Test
	void tokenQuotasAreOptionalPositiveAndADayAllowsAtLeastAnHour() {
		assertThatNoException().isThrownBy(() -> check(draft().quota(null, null)));
		assertThatNoException().isThrownBy(() -> check(draft().quota(1, null)));
		assertThatNoException().isThrownBy(() -> check(draft().quota(null, 1)));
		assertThatNoException().isThrownBy(() -> check(draft().quota(100, 100)));
		assertThatNoException().isThrownBy(() -> check(draft().quota(100, 2000)));
		assertThatNoException().isThrownBy(() -> check(draft().quota(Integer.MAX_VALUE, Integer.MAX_VALUE)));
		assertOnly(draft().quota(0, null), "hourlyTokenQuota", "positive whole number");
		assertOnly(draft().quota(-5, 10), "hourlyTokenQuota", "positive whole number");
		assertOnly(draft().quota(null, 0), "dailyTokenQuota", "positive whole number");
		assertOnly(draft().quota(10, 9), "dailyTokenQuota", "must be at least hourlyTokenQuota (10)");
		assertThat(refused(draft().quota(0, -1)).getProblems()).extracting(FieldProblem::field)
			.containsExactly("hourlyTokenQuota", "dailyTokenQuota");
		// a quota is for every grant, person flows included
		assertThatNoException().isThrownBy(() -> check(code().quota(5, 50)));
		assertThat(new TokenQuota(null, null).limited()).isFalse();
		assertThat(new TokenQuota(1, null).limited()).isTrue();
		assertThat(new TokenQuota(null, 1).limited()).isTrue();
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		InvalidInputProblem problem = refused(draft().clientId(" ")
			.name("")
			.grants("password")
			.methods("client_secret_jwt")
			.scopes("nope")
			.accessTokenTtl(0));
		assertThat(problem.getProblems()).extracting(FieldProblem::field)
			.containsExactlyInAnyOrder("clientId", "name", "grantTypes", "authMethods", "scopes",
					"accessTokenTtlSeconds");
	}

	static final org.assertj.core.api.InstanceOfAssertFactory<String, org.assertj.core.api.AbstractStringAssert<?>> STRING = org.assertj.core.api.InstanceOfAssertFactories.STRING;

	private void check(Draft draft) {
		this.rules.check(draft.build(), CATALOGUE, Set.of());
	}

	private InvalidInputProblem refused(Draft draft) {
		InvalidInputProblem problem = catchThrowableOfType(InvalidInputProblem.class, () -> check(draft));
		assertThat(problem).as("refused").isNotNull();
		return problem;
	}

	/** Refused for exactly one problem, of this field, whose message says this. */
	private void assertOnly(Draft draft, String field, String message) {
		assertOnlyAs(draft, Set.of(), field, message);
	}

	private void assertOnlyAs(Draft draft, Set<String> callerScopes, String field, String message) {
		InvalidInputProblem problem = catchThrowableOfType(InvalidInputProblem.class,
				() -> this.rules.check(draft.build(), CATALOGUE, callerScopes));
		assertThat(problem).as("refused for %s", field).isNotNull();
		assertThat(problem.getProblems()).hasSize(1);
		assertThat(problem.getProblems().get(0).field()).isEqualTo(field);
		assertThat(problem.getProblems().get(0).message()).contains(message);
	}

	private static List<String> messages(InvalidInputProblem problem) {
		return problem.getProblems().stream().map(FieldProblem::message).toList();
	}

	private static Draft valid() {
		return draft();
	}

	private static Draft draft() {
		return new Draft();
	}

	/** A valid public authorization-code client (PKCE, no secret). */
	private static Draft code() {
		return new Draft().grants("authorization_code")
			.methods("none")
			.audiences()
			.redirectUris("http://127.0.0.1/callback");
	}

	private static Draft refresh() {
		return code().grants("authorization_code", "refresh_token");
	}

	private static RSAKey rsaPublic(int bits) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(bits);
		return new RSAKey.Builder((RSAPublicKey) generator.generateKeyPair().getPublic()).keyID("rsa-" + bits).build();
	}

	private static ECKey ecPublic() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		return new ECKey.Builder(Curve.P_256, (ECPublicKey) generator.generateKeyPair().getPublic()).keyID("ec")
			.build();
	}

	/** A valid client-credentials draft that each test breaks in one way. */
	static final class Draft {

		String clientId = "orders-batch";

		String name = "Orders batch";

		Set<String> grants = Set.of("client_credentials");

		Set<String> methods = Set.of("client_secret_basic");

		Set<String> scopes = Set.of("orders:read");

		Set<String> defaultScopes = Set.of();

		Set<String> audiences = Set.of(AUDIENCE);

		Set<String> redirectUris = Set.of();

		Integer accessTokenTtl;

		Integer secretTtl;

		String jwks;

		String jwksUri;

		TlsClientIdentity identity;

		boolean certificateBound;

		boolean firstParty;

		Set<String> postLogout = Set.of();

		Integer hourlyQuota;

		Integer dailyQuota;

		Integer idle;

		Integer absolute;

		Draft firstParty() {
			this.firstParty = true;
			return this;
		}

		Draft postLogout(String... values) {
			this.postLogout = Set.of(values);
			return this;
		}

		Draft idle(Integer value) {
			this.idle = value;
			return this;
		}

		Draft absolute(Integer value) {
			this.absolute = value;
			return this;
		}

		Draft clientId(String value) {
			this.clientId = value;
			return this;
		}

		Draft name(String value) {
			this.name = value;
			return this;
		}

		Draft grants(String... values) {
			this.grants = Set.of(values);
			return this;
		}

		Draft methods(String... values) {
			this.methods = Set.of(values);
			return this;
		}

		Draft scopes(String... values) {
			this.scopes = Set.of(values);
			return this;
		}

		Draft defaultScopes(String... values) {
			this.defaultScopes = Set.of(values);
			return this;
		}

		Draft audiences(String... values) {
			this.audiences = Set.of(values);
			return this;
		}

		Draft redirectUris(String... values) {
			this.redirectUris = Set.of(values);
			return this;
		}

		Draft accessTokenTtl(Integer value) {
			this.accessTokenTtl = value;
			return this;
		}

		Draft secretTtl(Integer value) {
			this.secretTtl = value;
			return this;
		}

		Draft jwks(String value) {
			this.jwks = value;
			return this;
		}

		Draft jwksUri(String value) {
			this.jwksUri = value;
			return this;
		}

		Draft subjectDn(String value) {
			this.identity = TlsClientIdentity.of(TlsClientIdentity.Kind.SUBJECT_DN, value);
			return this;
		}

		Draft identity(TlsClientIdentity value) {
			this.identity = value;
			return this;
		}

		Draft certificateBound() {
			this.certificateBound = true;
			return this;
		}

		ClientDraft build() {
			return new ClientDraft(this.clientId, this.name, this.grants, this.methods, this.scopes, this.defaultScopes,
					this.audiences, this.redirectUris, this.accessTokenTtl, this.secretTtl, this.jwks, this.jwksUri,
					this.identity, this.certificateBound,
					new PersonFlowSettings(this.firstParty, this.postLogout, this.idle, this.absolute),
					new TokenQuota(this.hourlyQuota, this.dailyQuota));
		}

		Draft quota(Integer hourly, Integer daily) {
			this.hourlyQuota = hourly;
			this.dailyQuota = daily;
			return this;
		}

	}

}
