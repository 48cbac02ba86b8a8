package dev.tessera.auth.grant.refresh;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditTestSupport;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Person;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.TestClient;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.Tokens;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.grant.authorizationcode.AuthorizationCodeFlow.assertTokenError;
import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh tokens of the authorization code flow over HTTP: rotated on every use, a
 * rotated token presented again ends its whole family (and is audited), ended too by
 * disabling the person and by RFC 7009 revocation, idle and absolute lifetimes per client
 * (ticked on the test clock), introspectable by their own client only, never issued to
 * client credentials, and stored only as a hash.
 */
@TesseraServerTest
class RefreshTokenRotationTest {

	static final String SCOPE = "openid orders:read";

	@Autowired
	ApplicationContext context;

	@Autowired
	MutableClock clock;

	@Autowired
	JdbcTemplate jdbc;

	AuthorizationCodeFlow flow;

	Person person;

	@BeforeEach
	void setUp() {
		this.flow = AuthorizationCodeFlow.of(this.context);
		this.person = this.flow.createUser("USER");
	}

	@Test
	void everyRefreshRotatesTheRefreshToken() {
		TestClient client = this.flow.confidentialClient(true, "");
		Tokens first = this.flow.signInAndGetTokens(client, this.person, SCOPE);
		assertThat(first.refreshToken()).isNotBlank();

		Tokens second = Tokens.of(this.flow.refresh(client, first.refreshToken()));

		assertThat(second.refreshToken()).as("rotated").isNotBlank().isNotEqualTo(first.refreshToken());
		assertThat(second.accessToken()).isNotEqualTo(first.accessToken());
		assertThat(second.accessClaims()).containsEntry("sub", this.person.username())
			.containsEntry("client_id", client.clientId());
		assertThat(second.scope().split(" ")).containsExactlyInAnyOrder("openid", "orders:read");
		assertThat(second.idToken()).as("OIDC Core §12.2: an ID token may come back; if so, for the same person")
			.satisfiesAnyOf(id -> assertThat(id).isNull(), id -> assertThat(id).isNotBlank());
		assertTokenError(this.flow.refresh(client, first.refreshToken()), "invalid_grant");
	}

	@Test
	void aRefreshMayNarrowTheScopeButNotWidenIt() {
		TestClient client = this.flow.confidentialClient(true, "");
		Tokens first = this.flow.signInAndGetTokens(client, this.person, SCOPE);

		assertTokenError(this.flow.refresh(client, first.refreshToken(), "orders:read orders:write"), "invalid_scope");
		Tokens narrower = Tokens.of(this.flow.refresh(client, first.refreshToken(), "orders:read"));
		assertThat(narrower.scope()).isEqualTo("orders:read");
	}

	@Test
	void aRotatedTokenPresentedAgainRevokesTheWholeFamily() {
		TestClient client = this.flow.confidentialClient(true, "");
		Tokens first = this.flow.signInAndGetTokens(client, this.person, SCOPE);
		Tokens second = Tokens.of(this.flow.refresh(client, first.refreshToken()));
		Tokens newest = Tokens.of(this.flow.refresh(client, second.refreshToken()));
		assertThat(this.flow.introspect(client, newest.accessToken())).containsEntry("active", true);

		// a stolen copy of an older refresh token is replayed
		assertTokenError(this.flow.refresh(client, first.refreshToken()), "invalid_grant");

		assertTokenError(this.flow.refresh(client, newest.refreshToken()), "invalid_grant");
		assertThat(this.flow.introspect(client, newest.accessToken())).as("the family's newest access token")
			.containsEntry("active", false)
			.hasSize(1);
		assertThat(this.flow.introspect(client, newest.refreshToken())).containsEntry("active", false);
		List<Map<String, Object>> reuse = AuditTestSupport.events(
				this.flow.admin().get("/admin/api/audit?operation=token.refresh_reuse&clientId=" + client.clientId()));
		assertThat(reuse).hasSize(1);
		assertThat(reuse.get(0)).containsEntry("principal", client.clientId());
		assertThat(String.valueOf(reuse.get(0).get("detail"))).as("no token in the audit trail")
			.doesNotContain(first.refreshToken())
			.doesNotContain(newest.refreshToken());
	}

	@Test
	void theOtherFamiliesOfThePersonAreLeftAlone() {
		TestClient client = this.flow.confidentialClient(true, "");
		Tokens family = this.flow.signInAndGetTokens(client, this.person, SCOPE);
		Tokens other = this.flow.signInAndGetTokens(client, this.person, SCOPE);
		Tokens.of(this.flow.refresh(client, family.refreshToken()));

		assertTokenError(this.flow.refresh(client, family.refreshToken()), "invalid_grant");

		Tokens.of(this.flow.refresh(client, other.refreshToken()));
	}

	@Test
	void aDisabledPersonsRefreshFails() {
		TestClient client = this.flow.confidentialClient(true, "");
		Tokens tokens = this.flow.signInAndGetTokens(client, this.person, SCOPE);

		Http.Response disabled = this.flow.admin()
			.patch("/admin/api/users/" + this.person.username(), "{\"enabled\":false}");
		assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);

		assertTokenError(this.flow.refresh(client, tokens.refreshToken()), "invalid_grant");
		assertThat(this.flow.introspect(client, tokens.refreshToken())).containsEntry("active", false);
	}

	@Test
	void revokingARefreshTokenRevokesItsFamily() {
		TestClient client = this.flow.confidentialClient(true, "");
		Tokens first = this.flow.signInAndGetTokens(client, this.person, SCOPE);
		Tokens current = Tokens.of(this.flow.refresh(client, first.refreshToken()));

		Http.Response revoked = this.flow.revoke(client, current.refreshToken(), "refresh_token");

		assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
		assertTokenError(this.flow.refresh(client, current.refreshToken()), "invalid_grant");
		assertThat(this.flow.introspect(client, current.refreshToken())).containsEntry("active", false);
		assertThat(this.flow.introspect(client, current.accessToken())).as("RFC 7009 §2.1: its access tokens too")
			.containsEntry("active", false);
	}

	@Test
	void anotherClientCannotRevokeARefreshToken() {
		TestClient client = this.flow.confidentialClient(true, "");
		TestClient other = this.flow.confidentialClient(true, "");
		Tokens tokens = this.flow.signInAndGetTokens(client, this.person, SCOPE);

		Http.Response response = this.flow.revoke(other, tokens.refreshToken(), "refresh_token");

		assertThat(response.status()).as("RFC 7009 §2.1 refuses or ignores it: " + response).isIn(200, 400);
		Tokens.of(this.flow.refresh(client, tokens.refreshToken()));
	}

	@Test
	void aRefreshTokenIntrospectsForItsClientOnly() {
		TestClient client = this.flow.confidentialClient(true, "");
		TestClient other = this.flow.confidentialClient(true, "");
		Tokens tokens = this.flow.signInAndGetTokens(client, this.person, SCOPE);

		Map<String, Object> own = this.flow.introspect(client, tokens.refreshToken());

		assertThat(own).containsEntry("active", true)
			.containsEntry("sub", this.person.username())
			.containsEntry("client_id", client.clientId());
		assertThat(((String) own.get("scope")).split(" ")).containsExactlyInAnyOrder("openid", "orders:read");
		assertThat(this.flow.introspect(other, tokens.refreshToken())).isEqualTo(Map.of("active", false));
	}

	/**
	 * Spring judges a stored token's expiry by the system clock, Tessera sets it from its
	 * {@code Clock}: so a token issued "121 s ago" is one issued while the server's clock
	 * stood 121 s back, which holds whichever clock the check reads.
	 */
	@Test
	void aRefreshTokenUnusedForItsIdleLifetimeExpires() {
		TestClient client = this.flow.confidentialClient(true,
				",\"refreshTokenIdleSeconds\":120,\"refreshTokenAbsoluteSeconds\":3600");
		Tokens first = this.flow.signInAndGetTokens(client, this.person, SCOPE);
		Map<String, Object> introspected = this.flow.introspect(client, first.refreshToken());
		assertThat(seconds(introspected, "exp") - seconds(introspected, "iat")).as(introspected.toString())
			.isEqualTo(120);

		Tokens second = issuedAgo(Duration.ofSeconds(100), () -> this.flow.refresh(client, first.refreshToken()));
		Tokens third = Tokens.of(this.flow.refresh(client, second.refreshToken()));
		Tokens fourth = issuedAgo(Duration.ofSeconds(121), () -> this.flow.refresh(client, third.refreshToken()));

		assertTokenError(this.flow.refresh(client, fourth.refreshToken()), "invalid_grant");
	}

	@Test
	void aRefreshTokenFamilyEndsAtItsAbsoluteLifetimeHoweverOftenUsed() {
		TestClient client = this.flow.confidentialClient(true,
				",\"refreshTokenIdleSeconds\":120,\"refreshTokenAbsoluteSeconds\":300");
		Tokens tokens = this.flow.signInAndGetTokens(client, this.person, SCOPE);
		long familyStart = seconds(this.flow.introspect(client, tokens.refreshToken()), "iat");
		for (int i = 0; i < 2; i++) {
			this.clock.advance(Duration.ofSeconds(100));
			tokens = Tokens.of(this.flow.refresh(client, tokens.refreshToken()));
		}
		Map<String, Object> last = this.flow.introspect(client, tokens.refreshToken());
		assertThat(seconds(last, "exp")).as("capped by the family's absolute end, before its idle end: " + last)
			.isBetween(familyStart + 298, familyStart + 300)
			.isLessThan(seconds(last, "iat") + 120);

		this.clock.advance(Duration.ofSeconds(101));

		assertTokenError(this.flow.refresh(client, tokens.refreshToken()), "invalid_grant");
	}

	/**
	 * The token response of {@code refresh} made while the server's clock is {@code ago}
	 * back.
	 */
	Tokens issuedAgo(Duration ago, java.util.function.Supplier<Http.Response> refresh) {
		this.clock.advance(ago.negated());
		try {
			return Tokens.of(refresh.get());
		}
		finally {
			this.clock.advance(ago);
		}
	}

	static long seconds(Map<String, Object> claims, String name) {
		assertThat(claims.get(name)).as(name + " in " + claims).isInstanceOf(Number.class);
		return ((Number) claims.get(name)).longValue();
	}

	@Test
	void aPublicClientRefreshesWithItsClientIdAlone() {
		TestClient client = this.flow.publicClient(true, "");
		Tokens first = this.flow.signInAndGetTokens(client, this.person, SCOPE);
		assertThat(first.refreshToken()).isNotBlank();

		Tokens second = Tokens.of(this.flow.refresh(client, first.refreshToken()));

		assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
		assertThat(second.accessClaims()).containsEntry("client_id", client.clientId());
		assertTokenError(this.flow.refresh(client, first.refreshToken()), "invalid_grant");
	}

	@Test
	void aPublicClientCannotRefreshAnotherClientsToken() {
		TestClient client = this.flow.publicClient(true, "");
		TestClient other = this.flow.publicClient(true, "");
		Tokens tokens = this.flow.signInAndGetTokens(client, this.person, SCOPE);

		assertTokenError(this.flow.refresh(other, tokens.refreshToken()), "invalid_grant");
		Http.Response stillWorks = this.flow.refresh(client, tokens.refreshToken());
		assertThat(stillWorks.status()).as("the owner's token is untouched: " + stillWorks).isEqualTo(200);
	}

	@Test
	void anotherClientCannotRevokeAFamilyWithATokenNamingIt() {
		TestClient client = this.flow.publicClient(true, "");
		TestClient other = this.flow.publicClient(true, "");
		Tokens tokens = this.flow.signInAndGetTokens(client, this.person, SCOPE);
		byte[] real = java.util.Base64.getUrlDecoder().decode(tokens.refreshToken());
		byte[] forged = java.util.Arrays.copyOf(real, real.length);
		for (int i = 16; i < forged.length; i++) {
			forged[i] ^= (byte) 0x5a; // the family id kept, the secret part changed
		}
		String forgedToken = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(forged);

		Map<String, Object> error = assertTokenError(this.flow.refresh(other, forgedToken), "invalid_grant");

		assertThat(String.valueOf(error.get("error_description"))).doesNotContain("revoked");
		Http.Response owner = this.flow.refresh(client, tokens.refreshToken());
		assertThat(owner.status()).as("the family lives on: " + owner).isEqualTo(200);
	}

	@Test
	void clientCredentialsNeverGetARefreshToken() {
		TestClient both = this.flow.register("{\"name\":\"E2E both\",\"grantTypes\":"
				+ "[\"client_credentials\",\"authorization_code\",\"refresh_token\"],"
				+ "\"authMethods\":[\"client_secret_basic\"],\"scopes\":[\"orders:read\"],\"audiences\":[\""
				+ AuthorizationCodeFlow.AUDIENCE + "\"],\"redirectUris\":[\"" + AuthorizationCodeFlow.HTTPS_REDIRECT
				+ "\"]}");

		Http.Response response = this.flow.token(both, form("grant_type", "client_credentials"));

		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.json()).containsKey("access_token").doesNotContainKey("refresh_token");
		Http.Response refused = this.flow.admin()
			.post("/admin/api/clients", "{\"name\":\"E2E no code\",\"grantTypes\":[\"client_credentials\","
					+ "\"refresh_token\"],\"authMethods\":[\"client_secret_basic\"],\"scopes\":[\"orders:read\"]}");
		assertThat(refused.status()).as("refresh_token needs authorization_code: " + refused).isEqualTo(400);
	}

	@Test
	void noTokenIsStoredInClear() {
		TestClient client = this.flow.confidentialClient(true, "");
		var request = this.flow.request(client, SCOPE);
		String code = this.flow
			.authorizeOk(request, this.person,
					dev.tessera.auth.grant.authorizationcode.BrowserSession.Consent.approveAll())
			.code();
		Tokens first = this.flow.tokens(request, code);
		Tokens second = Tokens.of(this.flow.refresh(client, first.refreshToken()));

		List<String> tables = this.jdbc
			.queryForList("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
					+ " FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
					+ " AND table_schema NOT IN ('pg_catalog', 'information_schema')", String.class);
		assertThat(tables).anyMatch(t -> t.endsWith("oauth2_authorization"));
		Map<String, String> secrets = Map.of("authorization code", code, "first refresh token", first.refreshToken(),
				"rotated refresh token", second.refreshToken(), "access token", second.accessToken());
		secrets.forEach((what, value) -> {
			for (String table : tables) {
				Integer rows = this.jdbc.queryForObject(
						"SELECT count(*) FROM " + table + " t WHERE strpos(t::text, ?) > 0", Integer.class, value);
				assertThat(rows).as("the " + what + " in clear in " + table).isZero();
			}
		});
	}

}
