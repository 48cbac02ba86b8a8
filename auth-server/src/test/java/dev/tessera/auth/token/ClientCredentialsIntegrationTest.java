package dev.tessera.auth.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.ClientRepository;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.scope.Scope;
import dev.tessera.auth.scope.ScopeRepository;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.ResourceServerVerifier;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Client credentials end to end over a real HTTP port and a real PostgreSQL, with the
 * token checked by a JWKS-backed decoder exactly as a resource server would.
 */
@TesseraServerTest
class ClientCredentialsIntegrationTest {

	static final String AUDIENCE = "https://api.example.test";

	static final String OTHER_AUDIENCE = "https://billing.example.test";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	ScopeRepository scopes;

	@Autowired
	ClientRepository clients;

	@Autowired
	ClientDirectory directory;

	@Autowired
	RevokedTokenRepository revoked;

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		for (String scope : List.of("orders:read", "orders:write", "reports:read")) {
			if (!this.scopes.existsById(scope)) {
				this.scopes.save(new Scope(scope, "test scope", Instant.now()));
			}
		}
	}

	IssuedSecret newClient(Set<String> defaultScopes) {
		return this.registrar.register(ClientDraft.clientCredentials(null, "test client",
				Set.of("orders:read", "orders:write"), defaultScopes, Set.of(AUDIENCE, OTHER_AUDIENCE)));
	}

	Http.Response token(IssuedSecret client, String... params) {
		return this.http.postForm("/oauth2/token", client.clientId(), client.clientSecret(), withGrant(params));
	}

	static Map<String, String> withGrant(String... params) {
		Map<String, String> form = form(params);
		form.putIfAbsent("grant_type", "client_credentials");
		return form;
	}

	@Test
	void discoveryDescribesTheEndpoints() {
		Map<String, Object> metadata = this.http.get("/.well-known/oauth-authorization-server").json();
		assertThat(metadata).containsEntry("issuer", this.issuer)
			.containsEntry("token_endpoint", this.issuer + "/oauth2/token")
			.containsEntry("jwks_uri", this.issuer + "/oauth2/jwks")
			.containsEntry("introspection_endpoint", this.issuer + "/oauth2/introspect")
			.containsEntry("revocation_endpoint", this.issuer + "/oauth2/revoke");
		Map<String, Object> oidc = this.http.get("/.well-known/openid-configuration").json();
		assertThat(oidc).containsEntry("issuer", this.issuer).containsEntry("jwks_uri", this.issuer + "/oauth2/jwks");
	}

	/**
	 * Only what is built and tested: nothing Spring enables by default that Tessera does
	 * not serve.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void discoveryAdvertisesExactlyWhatWorks() {
		for (String document : List.of("/.well-known/oauth-authorization-server",
				"/.well-known/openid-configuration")) {
			Map<String, Object> metadata = this.http.get(document).json();
			assertThat(metadata.get("grant_types_supported")).as(document)
				.isEqualTo(List.of("authorization_code", "client_credentials", "refresh_token",
						"urn:ietf:params:oauth:grant-type:jwt-bearer"));
			for (String endpoint : List.of("token_endpoint", "introspection_endpoint", "revocation_endpoint")) {
				assertThat(metadata.get(endpoint + "_auth_methods_supported")).as(document + " " + endpoint)
					.isEqualTo(endpoint.equals("introspection_endpoint")
							? List.of("client_secret_basic", "client_secret_post", "private_key_jwt")
							: List.of("client_secret_basic", "client_secret_post", "private_key_jwt", "none"));
				assertThat((List<Object>) metadata.get(endpoint + "_auth_signing_alg_values_supported"))
					.as(document + " " + endpoint)
					.contains("RS256", "ES256", "PS256")
					.doesNotContain("HS256", "none");
			}
			assertThat(metadata).as(document)
				.containsEntry("code_challenge_methods_supported", List.of("S256"))
				.containsEntry("response_types_supported", List.of("code"))
				.containsEntry("authorization_response_iss_parameter_supported", true)
				.doesNotContainKeys("dpop_signing_alg_values_supported", "tls_client_certificate_bound_access_tokens",
						"registration_endpoint", "device_authorization_endpoint",
						"pushed_authorization_request_endpoint");
		}
		Map<String, Object> openId = this.http.get("/.well-known/openid-configuration").json();
		assertThat(openId).containsKeys("userinfo_endpoint", "end_session_endpoint")
			.containsEntry("id_token_signing_alg_values_supported", List.of("RS256"));
	}

	@Test
	void jwksPublishesOnlyPublicSigningKeys() {
		Http.Response response = this.http.get("/oauth2/jwks");
		assertThat(response.status()).isEqualTo(200);
		List<?> keys = (List<?>) response.json().get("keys");
		assertThat(keys).isNotEmpty();
		for (Object key : keys) {
			@SuppressWarnings("unchecked")
			Map<String, Object> jwk = (Map<String, Object>) key;
			assertThat(jwk).containsKeys("kid", "alg", "kty", "n", "e").containsEntry("use", "sig");
			assertThat(jwk).doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");
		}
	}

	@Test
	void basicAuthTokenVerifiesLikeAResourceServerWould() throws Exception {
		IssuedSecret client = newClient(Set.of());
		Http.Response response = token(client, "scope", "orders:read");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		Map<String, Object> body = response.json();
		assertThat(body).containsEntry("token_type", "Bearer").containsEntry("scope", "orders:read");
		assertThat(((Number) body.get("expires_in")).longValue()).isBetween(298L, 300L);
		assertThat(response.header("Cache-Control")).contains("no-store");

		String accessToken = (String) body.get("access_token");
		NimbusJwtDecoder resourceServer = ResourceServerVerifier.forIssuer(this.issuer, AUDIENCE);
		Jwt jwt = resourceServer.decode(accessToken);
		assertThat(jwt.getHeaders()).containsEntry("typ", "at+jwt").containsEntry("alg", "RS256").containsKey("kid");
		assertThat(jwt.getIssuer().toString()).isEqualTo(this.issuer);
		assertThat(jwt.getSubject()).isEqualTo(client.clientId());
		assertThat(jwt.getAudience()).containsExactlyInAnyOrder(AUDIENCE, OTHER_AUDIENCE);
		assertThat(jwt.getClaimAsString("client_id")).isEqualTo(client.clientId());
		assertThat(jwt.getClaims().get("scope")).isEqualTo("orders:read");
		assertThat(jwt.getId()).isNotBlank();
		assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofSeconds(300));

		// the same token is refused by a resource server expecting another audience or
		// issuer
		assertThatThrownBy(
				() -> ResourceServerVerifier.forIssuer(this.issuer, "https://elsewhere.example").decode(accessToken))
			.isInstanceOf(JwtValidationException.class);
	}

	@Test
	void postAuthWorksAndEveryTokenHasItsOwnJti() throws Exception {
		IssuedSecret client = newClient(Set.of());
		Map<String, String> params = form("grant_type", "client_credentials", "client_id", client.clientId(),
				"client_secret", client.clientSecret(), "scope", "orders:read orders:write");
		Http.Response first = this.http.postForm("/oauth2/token", null, null, params);
		Http.Response second = this.http.postForm("/oauth2/token", null, null, params);
		assertThat(first.status()).as(first.toString()).isEqualTo(200);
		assertThat(second.status()).isEqualTo(200);
		SignedJWT a = SignedJWT.parse((String) first.json().get("access_token"));
		SignedJWT b = SignedJWT.parse((String) second.json().get("access_token"));
		assertThat(a.getJWTClaimsSet().getJWTID()).isNotEqualTo(b.getJWTClaimsSet().getJWTID());
		assertThat(a.getJWTClaimsSet().getStringClaim("scope").split(" ")).containsExactlyInAnyOrder("orders:read",
				"orders:write");
	}

	@Test
	void wrongSecretIsInvalidClient() {
		IssuedSecret client = newClient(Set.of());
		Http.Response response = this.http.postForm("/oauth2/token", client.clientId(), client.clientSecret() + "x",
				withGrant());
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_client");
		assertThat(response.header("Content-Type")).startsWith("application/json");

		Http.Response unknown = this.http.postForm("/oauth2/token", "no-such-client", "whatever", withGrant());
		assertThat(unknown.status()).isEqualTo(401);
		assertThat(unknown.json()).containsEntry("error", "invalid_client");
	}

	@Test
	void unregisteredScopeIsInvalidScope() {
		IssuedSecret client = newClient(Set.of());
		Http.Response notRegistered = token(client, "scope", "reports:read");
		assertThat(notRegistered.status()).isEqualTo(400);
		assertThat(notRegistered.json()).containsEntry("error", "invalid_scope");
		Http.Response unknown = token(client, "scope", "orders:read no:such:scope");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.json()).containsEntry("error", "invalid_scope");
	}

	@Test
	void noScopeRequestedMeansTheDefaultScopesOnly() throws Exception {
		IssuedSecret withDefaults = newClient(Set.of("orders:read"));
		Http.Response response = token(withDefaults);
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		SignedJWT jwt = SignedJWT.parse((String) response.json().get("access_token"));
		assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("orders:read");

		IssuedSecret withoutDefaults = newClient(Set.of());
		Http.Response bare = token(withoutDefaults);
		assertThat(bare.status()).isEqualTo(200);
		SignedJWT bareJwt = SignedJWT.parse((String) bare.json().get("access_token"));
		assertThat(bareJwt.getJWTClaimsSet().getClaim("scope")).isNull();
	}

	@Test
	void resourceParameterNarrowsTheAudience() throws Exception {
		IssuedSecret client = newClient(Set.of());
		Http.Response narrowed = token(client, "resource", OTHER_AUDIENCE);
		assertThat(narrowed.status()).as(narrowed.toString()).isEqualTo(200);
		SignedJWT jwt = SignedJWT.parse((String) narrowed.json().get("access_token"));
		assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(OTHER_AUDIENCE);

		Http.Response foreign = token(client, "resource", "https://not-registered.example");
		assertThat(foreign.status()).isEqualTo(400);
		assertThat(foreign.json()).containsEntry("error", "invalid_target");
	}

	/**
	 * A client holding both an admin scope and others, and registered for a partner's API
	 * and the issuer.
	 */
	IssuedSecret mixedClient(Set<String> defaultScopes) {
		return this.registrar.register(ClientDraft.clientCredentials(null, "mixed", Set.of("audit:read", "orders:read"),
				defaultScopes, Set.of(AUDIENCE, this.issuer)));
	}

	@Test
	void aTokenWithAnAdminScopeIsAddressedToTheIssuerAlone() throws Exception {
		IssuedSecret client = mixedClient(Set.of());
		Http.Response admin = token(client, "scope", "audit:read");
		assertThat(admin.status()).as(admin.toString()).isEqualTo(200);
		assertThat(SignedJWT.parse((String) admin.json().get("access_token")).getJWTClaimsSet().getAudience())
			.containsExactly(this.issuer);
		Http.Response named = token(client, "scope", "audit:read", "resource", this.issuer);
		assertThat(named.status()).as(named.toString()).isEqualTo(200);

		// its other tokens keep the registered audiences
		Http.Response other = token(client, "scope", "orders:read");
		assertThat(SignedJWT.parse((String) other.json().get("access_token")).getJWTClaimsSet().getAudience())
			.containsExactlyInAnyOrder(AUDIENCE, this.issuer);
	}

	@Test
	void adminScopesWithOtherScopesAreInvalidScopeSayingWhy() {
		Http.Response mixed = token(mixedClient(Set.of()), "scope", "audit:read orders:read");
		assertThat(mixed.status()).as(mixed.toString()).isEqualTo(400);
		assertThat(mixed.header("Content-Type")).startsWith("application/json");
		assertThat(mixed.json()).containsEntry("error", "invalid_scope");
		assertThat((String) mixed.json().get("error_description")).contains("audit:read")
			.contains("orders:read")
			.contains("alone")
			.contains(this.issuer);

		// default scopes that mix them (stored before the registration rule existed) fail
		// the same way
		Http.Response defaults = token(mixedClient(Set.of("audit:read", "orders:read")));
		assertThat(defaults.status()).as(defaults.toString()).isEqualTo(400);
		assertThat(defaults.json()).containsEntry("error", "invalid_scope");
		assertThat((String) defaults.json().get("error_description")).contains("alone");
	}

	@Test
	void adminScopesForAnotherResourceAreInvalidTargetSayingWhy() {
		Http.Response target = token(mixedClient(Set.of()), "scope", "audit:read", "resource", AUDIENCE);
		assertThat(target.status()).as(target.toString()).isEqualTo(400);
		assertThat(target.json()).containsEntry("error", "invalid_target");
		assertThat((String) target.json().get("error_description")).contains(AUDIENCE).contains(this.issuer);
	}

	@Test
	void lifetimeFollowsTheClientWithinTheServerCap() throws Exception {
		IssuedSecret shortLived = this.registrar.register(new ClientDraft(null, "short", Set.of("client_credentials"),
				Set.of("client_secret_basic"), Set.of("orders:read"), Set.of(), Set.of(AUDIENCE), Set.of(), 60, null));
		IssuedSecret greedy = this.registrar
			.register(new ClientDraft(null, "greedy", Set.of("client_credentials"), Set.of("client_secret_basic"),
					Set.of("orders:read"), Set.of(), Set.of(AUDIENCE), Set.of(), 86400, null));
		assertThat(lifetime(token(shortLived))).isEqualTo(Duration.ofSeconds(60));
		assertThat(lifetime(token(greedy))).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void authMethodNotRegisteredForTheClientIsInvalidClient() {
		IssuedSecret basicOnly = this.registrar
			.register(new ClientDraft(null, "basic only", Set.of("client_credentials"), Set.of("client_secret_basic"),
					Set.of("orders:read"), Set.of(), Set.of(AUDIENCE), Set.of(), null, null));
		Http.Response response = this.http.postForm("/oauth2/token", null, null, form("grant_type",
				"client_credentials", "client_id", basicOnly.clientId(), "client_secret", basicOnly.clientSecret()));
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.json()).containsEntry("error", "invalid_client");
	}

	@Test
	void introspectionShowsOwnTokensAndHidesForeignOnes() {
		IssuedSecret owner = newClient(Set.of());
		IssuedSecret stranger = newClient(Set.of());
		String accessToken = (String) token(owner, "scope", "orders:read").json().get("access_token");

		Map<String, Object> own = introspect(owner, accessToken);
		assertThat(own).containsEntry("active", true)
			.containsEntry("client_id", owner.clientId())
			.containsEntry("sub", owner.clientId())
			.containsEntry("scope", "orders:read")
			.containsEntry("iss", this.issuer)
			.containsEntry("token_type", "Bearer");
		assertThat(own).containsKeys("exp", "iat", "jti", "aud");

		assertThat(introspect(stranger, accessToken)).containsEntry("active", false).hasSize(1);
		assertThat(introspect(owner, "not-a-token")).containsEntry("active", false).hasSize(1);
	}

	@Test
	void anAdminClientMayIntrospectAnyToken() {
		this.scopes.findById("admin:clients").orElseThrow();
		IssuedSecret admin = this.registrar.register(
				ClientDraft.clientCredentials(null, "admin", Set.of("admin:clients"), Set.of(), Set.of(this.issuer)));
		IssuedSecret owner = newClient(Set.of());
		String accessToken = (String) token(owner).json().get("access_token");
		assertThat(introspect(admin, accessToken)).containsEntry("active", true)
			.containsEntry("client_id", owner.clientId());
	}

	@Test
	void revokedTokenIntrospectsInactive() throws Exception {
		IssuedSecret client = newClient(Set.of());
		String accessToken = (String) token(client).json().get("access_token");
		assertThat(introspect(client, accessToken)).containsEntry("active", true);

		Http.Response revocation = this.http.postForm("/oauth2/revoke", client.clientId(), client.clientSecret(),
				form("token", accessToken, "token_type_hint", "access_token"));
		assertThat(revocation.status()).as(revocation.toString()).isEqualTo(200);

		assertThat(introspect(client, accessToken)).containsEntry("active", false);
		String jti = SignedJWT.parse(accessToken).getJWTClaimsSet().getJWTID();
		Instant expiry = SignedJWT.parse(accessToken).getJWTClaimsSet().getExpirationTime().toInstant();
		assertThat(this.revoked.findById(jti))
			.hasValueSatisfying(row -> assertThat(row.getExpiresAt()).isEqualTo(expiry));

		// revoking again, or revoking garbage, is fine (RFC 7009 §2.2)
		assertThat(this.http
			.postForm("/oauth2/revoke", client.clientId(), client.clientSecret(), form("token", accessToken))
			.status()).isEqualTo(200);
		assertThat(
				this.http.postForm("/oauth2/revoke", client.clientId(), client.clientSecret(), form("token", "garbage"))
					.status())
			.isEqualTo(200);
	}

	@Test
	void deletedClientsTokensIntrospectInactive() {
		IssuedSecret admin = this.registrar.register(
				ClientDraft.clientCredentials(null, "admin", Set.of("admin:clients"), Set.of(), Set.of(this.issuer)));
		IssuedSecret doomed = newClient(Set.of());
		String accessToken = (String) token(doomed).json().get("access_token");
		assertThat(introspect(admin, accessToken)).containsEntry("active", true);

		this.clients.delete(this.clients.findByClientId(doomed.clientId()).orElseThrow());
		this.directory.evict(doomed.clientId());

		assertThat(introspect(admin, accessToken)).containsEntry("active", false);
		assertThat(token(doomed).status()).isEqualTo(401);
	}

	@Test
	void expiredTokensIntrospectInactive() throws Exception {
		IssuedSecret client = this.registrar.register(new ClientDraft(null, "one second", Set.of("client_credentials"),
				Set.of("client_secret_basic"), Set.of("orders:read"), Set.of(), Set.of(AUDIENCE), Set.of(), 1, null));
		String accessToken = (String) token(client).json().get("access_token");
		Instant expiry = SignedJWT.parse(accessToken).getJWTClaimsSet().getExpirationTime().toInstant();
		while (!Instant.now().isAfter(expiry.plusMillis(200))) {
			Thread.sleep(100);
		}
		assertThat(introspect(client, accessToken)).containsEntry("active", false);
	}

	Map<String, Object> introspect(IssuedSecret caller, String token) {
		Http.Response response = this.http.postForm("/oauth2/introspect", caller.clientId(), caller.clientSecret(),
				form("token", token));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	static Duration lifetime(Http.Response response) throws Exception {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		SignedJWT jwt = SignedJWT.parse((String) response.json().get("access_token"));
		return Duration.between(jwt.getJWTClaimsSet().getIssueTime().toInstant(),
				jwt.getJWTClaimsSet().getExpirationTime().toInstant());
	}

}
