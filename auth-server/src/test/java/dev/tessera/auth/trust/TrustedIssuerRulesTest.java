package dev.tessera.auth.trust;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every rule of a trusted issuer registration, on its own: no Spring, no database. A
 * draft that breaks one rule is refused with that rule's field, and a valid draft passes;
 * defaults are filled in before the rules run.
 */
class TrustedIssuerRulesTest {

	static final Set<String> CATALOGUE = Set.of("orders:read", "orders:write", "admin:clients", "admin:read",
			"audit:read");

	static final List<String> DEFAULT_AUDIENCES = List.of("https://auth.example.test",
			"https://auth.example.test/oauth2/token");

	static final String BAD_JWKS_URI = "https://169.254.169.254/jwks";

	static String publicJwks;

	static RSAKey rsa;

	final TrustedIssuerRules rules = new TrustedIssuerRules(
			uri -> BAD_JWKS_URI.equals(uri) ? Optional.of("must not point to a link-local address") : Optional.empty());

	@BeforeAll
	static void keys() throws Exception {
		rsa = new RSAKeyGenerator(2048).keyID("k1").generate();
		publicJwks = new JWKSet(rsa.toPublicJWK()).toString();
	}

	@Test
	void aValidRegistrationPassesWithItsDefaults() {
		TrustedIssuerDraft draft = draft(publicJwks, null).withDefaults(DEFAULT_AUDIENCES);
		assertThat(draft.audiences()).containsExactlyInAnyOrderElementsOf(DEFAULT_AUDIENCES);
		assertThat(draft.maxAssertionLifetimeSeconds()).isEqualTo(300);
		assertThatNoException().isThrownBy(() -> this.rules.check(draft, CATALOGUE));
		assertThatNoException().isThrownBy(() -> check(draft(null, "https://idp.partner.example/jwks")));
		assertThatNoException().isThrownBy(() -> check(
				new TrustedIssuerDraft("urn:partner:idp", publicJwks, null, Set.of("urn:tessera", "tessera"),
						Set.of("app"), Set.of("orders:read", "orders:write"), 3600, "acme:")));
		assertThatNoException().isThrownBy(() -> check(new TrustedIssuerDraft("partner-idp", publicJwks, null, Set.of(),
				Set.of("app"), Set.of(), 1, "p".repeat(100))));
	}

	@Test
	void givenAudiencesAndLifetimeAreKept() {
		TrustedIssuerDraft draft = new TrustedIssuerDraft("https://idp", publicJwks, null, Set.of("https://aud"),
				Set.of("app"), Set.of(), 60, null)
			.withDefaults(DEFAULT_AUDIENCES);
		assertThat(draft.audiences()).containsExactly("https://aud");
		assertThat(draft.maxAssertionLifetimeSeconds()).isEqualTo(60);
	}

	@Test
	void theIssuerIsRequiredBoundedAndAStringOrUri() {
		assertOnly(withIssuer(null), "issuer");
		assertOnly(withIssuer(""), "issuer");
		assertOnly(withIssuer("   "), "issuer");
		assertOnly(withIssuer("https://idp.example/" + "x".repeat(481)), "issuer");
		assertThatNoException().isThrownBy(() -> check(withIssuer("https://idp.example/" + "x".repeat(480))));
		assertOnly(withIssuer("https://idp.example/a b"), "issuer");
		assertOnly(withIssuer("https://idp.example/\u0000"), "issuer");
		assertOnly(withIssuer("not a:uri"), "issuer");
		assertOnly(withIssuer("https://idp.example/%zz"), "issuer");
	}

	@Test
	void exactlyOneSourceOfKeys() {
		assertOnly(draft(null, null), "jwks");
		assertOnly(draft(publicJwks, "https://idp.partner.example/jwks"), "jwksUri");
	}

	@Test
	void anInlineSetMustHoldOnlyKeysThePolicyAccepts() throws Exception {
		assertOnly(draft("{\"not\":\"a set\"}", null), "jwks");
		assertOnly(draft("{\"keys\":[]}", null), "jwks");
		assertOnly(draft(new JWKSet(rsa).toString(false), null), "jwks");
		assertOnly(draft(new JWKSet(new OctetSequenceKeyGenerator(256).keyID("hmac").generate()).toString(false), null),
				"jwks");
		RSAKey small = new RSAKeyGenerator(1024, true).keyID("small").generate();
		assertOnly(draft(new JWKSet(small.toPublicJWK()).toString(), null), "jwks");
		RSAKey encryption = new RSAKeyGenerator(2048).keyID("enc").keyUse(KeyUse.ENCRYPTION).generate();
		assertOnly(draft(new JWKSet(encryption.toPublicJWK()).toString(), null), "jwks");
		// registered inline, every key must be one the policy accepts, as for clients (a
		// fetched set merely loses the others)
		assertOnly(draft(new JWKSet(List.of(rsa.toPublicJWK(), encryption.toPublicJWK())).toString(), null), "jwks");
		assertThatNoException().isThrownBy(() -> check(draft(
				new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("ec").generate().toPublicJWK()).toString(), null)));
	}

	@Test
	void theKeyUrlFollowsTheOutboundPolicy() {
		assertOnly(draft(null, BAD_JWKS_URI), "jwksUri");
		assertOnly(draft(null, " https://idp.partner.example/jwks"), "jwksUri");
		assertOnly(draft(null, "https://idp.partner.example/" + "x".repeat(2000)), "jwksUri");
	}

	@Test
	void audiencesAreStringsOrUris() {
		assertOnly(withAudiences(Set.of("https://ok", "has space")), "audiences");
		assertOnly(withAudiences(Set.of("bad:%zz")), "audiences");
		assertOnly(withAudiences(Set.of("x".repeat(2001))), "audiences");
	}

	@Test
	void atLeastOneWellFormedClient() {
		assertOnly(withClients(Set.of()), "allowedClientIds");
		assertOnly(withClients(Set.of("has space")), "allowedClientIds");
		assertOnly(withClients(Set.of("")), "allowedClientIds");
		assertOnly(withClients(Set.of("x".repeat(101))), "allowedClientIds");
		assertThatNoException().isThrownBy(() -> check(withClients(Set.of("x".repeat(100), "not-registered-yet"))));
	}

	@Test
	void scopesFromTheCatalogueAndNeverAdminScopes() {
		assertOnly(withScopes(Set.of("unknown:scope")), "allowedScopes");
		assertOnly(withScopes(Set.of("bad scope")), "allowedScopes");
		for (String admin : List.of("admin:clients", "admin:read", "audit:read", "admin:keys", "admin:users")) {
			InvalidInputProblem problem = refused(withScopes(Set.of("orders:read", admin)));
			assertThat(problem.getProblems()).extracting(FieldProblem::field).containsExactly("allowedScopes");
			assertThat(problem.getMessage()).contains("admin scope");
		}
	}

	@Test
	void theLifetimeIsBetweenOneSecondAndAnHour() {
		assertOnly(withLifetime(0), "maxAssertionLifetimeSeconds");
		assertOnly(withLifetime(-5), "maxAssertionLifetimeSeconds");
		assertOnly(withLifetime(3601), "maxAssertionLifetimeSeconds");
		assertThatNoException().isThrownBy(() -> check(withLifetime(1)));
		assertThatNoException().isThrownBy(() -> check(withLifetime(3600)));
	}

	@Test
	void theSubjectPrefixIsShortAndPrintable() {
		assertOnly(withPrefix(""), "subjectPrefix");
		assertOnly(withPrefix("x".repeat(101)), "subjectPrefix");
		assertOnly(withPrefix("acme "), "subjectPrefix");
		assertOnly(withPrefix("acme\t"), "subjectPrefix");
		assertOnly(withPrefix("a\u0001"), "subjectPrefix");
		assertThatNoException().isThrownBy(() -> check(withPrefix(null)));
	}

	@Test
	void everyProblemIsReportedAtOnce() {
		InvalidInputProblem problem = refused(
				new TrustedIssuerDraft(null, null, null, Set.of(), Set.of(), Set.of("admin:read"), 0, ""));
		assertThat(problem.getProblems()).extracting(FieldProblem::field)
			.containsExactlyInAnyOrder("issuer", "jwks", "allowedClientIds", "allowedScopes",
					"maxAssertionLifetimeSeconds", "subjectPrefix");
	}

	@Test
	void aNullInsideAListIsAProblemOfThatField() {
		java.util.Set<String> withNull = new java.util.HashSet<>();
		withNull.add(null);
		InvalidInputProblem problem = catchThrowableOfType(InvalidInputProblem.class,
				() -> new TrustedIssuerDraft("https://idp", publicJwks, null, Set.of(), withNull, Set.of(), null,
						null));
		assertThat(problem.getProblems()).extracting(FieldProblem::field).containsExactly("allowedClientIds");
	}

	static TrustedIssuerDraft draft(String jwks, String jwksUri) {
		return new TrustedIssuerDraft("https://idp.partner.example", jwks, jwksUri, Set.of(), Set.of("partner-app"),
				Set.of("orders:read"), null, null);
	}

	static TrustedIssuerDraft withIssuer(String issuer) {
		return new TrustedIssuerDraft(issuer, publicJwks, null, Set.of(), Set.of("app"), Set.of(), null, null);
	}

	static TrustedIssuerDraft withAudiences(Set<String> audiences) {
		return new TrustedIssuerDraft("https://idp", publicJwks, null, audiences, Set.of("app"), Set.of(), null, null);
	}

	static TrustedIssuerDraft withClients(Set<String> clients) {
		return new TrustedIssuerDraft("https://idp", publicJwks, null, Set.of(), clients, Set.of(), null, null);
	}

	static TrustedIssuerDraft withScopes(Set<String> scopes) {
		return new TrustedIssuerDraft("https://idp", publicJwks, null, Set.of(), Set.of("app"), scopes, null, null);
	}

	static TrustedIssuerDraft withLifetime(int seconds) {
		return new TrustedIssuerDraft("https://idp", publicJwks, null, Set.of(), Set.of("app"), Set.of(), seconds,
				null);
	}

	static TrustedIssuerDraft withPrefix(String prefix) {
		return new TrustedIssuerDraft("https://idp", publicJwks, null, Set.of(), Set.of("app"), Set.of(), null, prefix);
	}

	void check(TrustedIssuerDraft draft) {
		this.rules.check(draft.withDefaults(DEFAULT_AUDIENCES), CATALOGUE);
	}

	InvalidInputProblem refused(TrustedIssuerDraft draft) {
		InvalidInputProblem problem = catchThrowableOfType(InvalidInputProblem.class, () -> check(draft));
		assertThat(problem).as("refused").isNotNull();
		return problem;
	}

	void assertOnly(TrustedIssuerDraft draft, String field) {
		assertThat(refused(draft).getProblems()).extracting(FieldProblem::field).containsExactly(field);
	}

}
