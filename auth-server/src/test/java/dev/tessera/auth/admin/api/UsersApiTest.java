package dev.tessera.auth.admin.api;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.user.UserSecurityChanged;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /admin/api/users} over a real port with tokens from the server itself: the
 * shapes (never a password or hash), the password policy as problems on the
 * {@code password} field, the role ceiling, the last enabled admin, scopes, audit events
 * and the {@link UserSecurityChanged} events after commit.
 */
@TesseraServerTest
class UsersApiTest {

	static final String PATH = "/admin/api/users";

	static final String PASSWORD = "a long enough test passphrase";

	@Value("${tessera.issuer}")
	String issuer;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ConfigurableApplicationContext context;

	Http http;

	AdminApi admin;

	String adminClientId;

	final List<String> securityChanges = new CopyOnWriteArrayList<>();

	/** What the listener saw in the database when it was called. */
	final List<Integer> rowsSeenByListener = new CopyOnWriteArrayList<>();

	ApplicationListener<ApplicationEvent> listener;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.issuer);
		IssuedSecret client = client(AdminScopes.ALL);
		this.adminClientId = client.clientId();
		this.admin = new AdminApi(this.issuer, token(client, AdminScopes.ALL));
		this.listener = event -> {
			if (event instanceof PayloadApplicationEvent<?> payload
					&& payload.getPayload() instanceof UserSecurityChanged changed) {
				// on another connection, which sees only what has committed
				this.rowsSeenByListener.add(CompletableFuture
					.supplyAsync(() -> this.jdbc.queryForObject("select count(*) from app_user where username = ?",
							Integer.class, changed.username()))
					.join());
				this.securityChanges.add(changed.username());
			}
		};
		this.context.addApplicationListener(this.listener);
	}

	@AfterEach
	void removeListener() {
		this.context.removeApplicationListener(this.listener);
	}

	IssuedSecret client(Set<String> scopes) {
		return this.registrar
			.register(ClientDraft.clientCredentials(null, "operator", scopes, Set.of(), Set.of(this.issuer)));
	}

	String token(IssuedSecret client, Set<String> scopes) {
		Http.Response response = this.http.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
				form("grant_type", "client_credentials", "scope", String.join(" ", scopes)));
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return (String) response.json().get("access_token");
	}

	AdminApi adminWith(String... scopes) {
		Set<String> set = Set.of(scopes);
		return new AdminApi(this.issuer, token(client(set), set));
	}

	static String uniqueName() {
		return "user-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String user(String username, String password, String roles) {
		return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\",\"roles\":" + roles + "}";
	}

	String create(String roles) {
		String username = uniqueName();
		Http.Response created = this.admin.post(PATH, user(username, PASSWORD, roles));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return username;
	}

	String hash(String username) {
		return this.jdbc.queryForObject("select password_hash from app_user where username = ?", String.class,
				username);
	}

	static void assertProblem(Http.Response response, int status) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
		assertThat(response.json()).containsEntry("status", (long) status).containsKey("detail");
	}

	@Test
	void createListGetPatchAndDeleteNeverShowingThePassword() throws Exception {
		String username = uniqueName();
		Http.Response response = this.admin.post(PATH, user(username, PASSWORD, "[\"USER\",\"AUDITOR\"]"));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		assertThat(response.header("Location")).endsWith(PATH + "/" + username);
		assertThat(response.header("Content-Type")).startsWith("application/json");
		Map<String, Object> created = response.json();
		assertThat(created.keySet()).containsExactlyInAnyOrder("username", "roles", "enabled", "createdAt",
				"lastSignInAt");
		assertThat(created).containsEntry("username", username)
			.containsEntry("roles", List.of("AUDITOR", "USER"))
			.containsEntry("enabled", true)
			.containsEntry("lastSignInAt", null);
		assertThat(created.get("createdAt")).isInstanceOf(String.class);
		assertThat(hash(username)).startsWith("{argon2}$argon2id$v=19$m=19456,t=2,p=1$");

		Http.Response list = this.admin.get(PATH);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.jsonList()).anySatisfy(entry -> assertThat(entry).isEqualTo(created));
		Http.Response one = this.admin.get(PATH + "/" + username);
		assertThat(one.json()).isEqualTo(created);

		Http.Response patched = this.http.send(HttpRequest.newBuilder(URI.create(this.issuer + PATH + "/" + username))
			.header("Authorization", "Bearer " + this.admin.token())
			.header("Content-Type", "application/merge-patch+json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"roles\":[\"USER\"],\"enabled\":false}")));
		assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
		assertThat(patched.json()).containsEntry("roles", List.of("USER"))
			.containsEntry("enabled", false)
			.containsEntry("createdAt", created.get("createdAt"));
		assertThat(this.securityChanges).containsExactly(username);

		String before = hash(username);
		String newPassword = "another long passphrase here";
		Http.Response newHash = this.admin.patch(PATH + "/" + username, "{\"password\":\"" + newPassword + "\"}");
		assertThat(newHash.status()).as(newHash.toString()).isEqualTo(200);
		assertThat(newHash.body()).doesNotContain(newPassword).doesNotContain("argon2");
		assertThat(hash(username)).startsWith("{argon2}").isNotEqualTo(before);
		assertThat(this.securityChanges).containsExactly(username, username);

		Http.Response unchanged = this.admin.patch(PATH + "/" + username, "{\"enabled\":false}");
		assertThat(unchanged.status()).isEqualTo(200);
		assertThat(this.securityChanges).as("nothing about the person's security changed").hasSize(2);

		assertThat(this.admin.delete(PATH + "/" + username).status()).isEqualTo(204);
		assertProblem(this.admin.get(PATH + "/" + username), 404);
		assertThat(this.securityChanges).containsExactly(username, username, username);
		assertThat(this.rowsSeenByListener).as("each event came after its change committed").containsExactly(1, 1, 0);

		for (Http.Response each : List.of(response, one, patched, newHash)) {
			assertThat(each.body()).doesNotContain(PASSWORD).doesNotContain("password").doesNotContain("argon2");
		}
		assertThat(list.body()).doesNotContain(PASSWORD)
			.doesNotContain("\"password\"")
			.doesNotContain("argon2")
			.doesNotContain("bcrypt");
	}

	@Test
	void changesAreAuditedWithTheCallerAndNeverThePassword() throws Exception {
		String username = uniqueName();
		String create = "corr-" + UUID.randomUUID();
		assertThat(call("POST", PATH, create, user(username, PASSWORD, "[\"USER\"]")).status()).isEqualTo(201);
		Map<String, Object> createEvent = onlyEvent(create);
		assertThat(createEvent).containsEntry("operation", "user.create")
			.containsEntry("outcome", "success")
			.containsEntry("principal", this.adminClientId)
			.containsEntry("payload_ref", "user:" + username);
		assertThat(detail(createEvent)).containsEntry("username", username)
			.containsEntry("roles", List.of("USER"))
			.containsEntry("enabled", true);

		String update = "corr-" + UUID.randomUUID();
		assertThat(call("PATCH", PATH + "/" + username, update,
				"{\"password\":\"" + PASSWORD + " 2\",\"roles\":[\"AUDITOR\"]}")
			.status()).isEqualTo(200);
		Map<String, Object> updateEvent = onlyEvent(update);
		assertThat(updateEvent).containsEntry("operation", "user.update")
			.containsEntry("principal", this.adminClientId);
		assertThat(detail(updateEvent)).containsEntry("changed", List.of("password", "roles"))
			.containsEntry("roles", List.of("AUDITOR"));

		String refused = "corr-" + UUID.randomUUID();
		assertThat(call("PATCH", PATH + "/" + username, refused, "{\"password\":\"tooshort\"}").status())
			.isEqualTo(400);
		assertThat(onlyEvent(refused)).containsEntry("operation", "user.update")
			.containsEntry("outcome", "business_error");

		String delete = "corr-" + UUID.randomUUID();
		assertThat(call("DELETE", PATH + "/" + username, delete, null).status()).isEqualTo(204);
		assertThat(onlyEvent(delete)).containsEntry("operation", "user.delete")
			.containsEntry("outcome", "success")
			.containsEntry("principal", this.adminClientId);

		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where detail like ? or detail like ?",
				Integer.class, "%" + PASSWORD + "%", "%tooshort%"))
			.as("no password in the audit trail")
			.isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where detail like '%argon2%'",
				Integer.class))
			.isZero();
	}

	@Test
	void thePasswordPolicyRefusesWithAProblemOnThePasswordField() {
		String username = "policy-" + UUID.randomUUID().toString().substring(0, 8);
		for (String password : List.of("short pass", username.toUpperCase() + "-x", "Password1234", "unbelievable")) {
			Http.Response refused = this.admin.post(PATH, user(username, password, "[\"USER\"]"));
			assertProblem(refused, 400);
			assertThat(refused.body()).contains("\"field\":\"password\"").doesNotContain(password);
		}
		Http.Response three = this.admin.post(PATH, user("bad name", "short", "[\"ROOT\"]"));
		assertProblem(three, 400);
		assertThat(three.body()).contains("\"field\":\"username\"", "\"field\":\"password\"", "\"field\":\"roles\"");
		assertThat(
				this.jdbc.queryForObject("select count(*) from app_user where username = ?", Integer.class, username))
			.as("nothing was stored")
			.isZero();

		String existing = create("[\"USER\"]");
		Http.Response weakPatch = this.admin.patch(PATH + "/" + existing, "{\"password\":\"" + existing + "-1\"}");
		assertProblem(weakPatch, 400);
		assertThat(weakPatch.body()).contains("\"field\":\"password\"");
	}

	@Test
	void aCallerCannotGiveOrTouchARoleAboveItsOwnScopes() {
		AdminApi usersOnly = adminWith(AdminScopes.USERS);
		Http.Response admin = usersOnly.post(PATH, user(uniqueName(), PASSWORD, "[\"ADMIN\"]"));
		assertProblem(admin, 403);
		assertThat(admin.json().get("detail").toString()).contains("ADMIN");
		assertProblem(usersOnly.post(PATH, user(uniqueName(), PASSWORD, "[\"AUDITOR\"]")), 403);

		Http.Response created = usersOnly.post(PATH, user(uniqueName(), PASSWORD, "[\"USER\"]"));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String plain = (String) created.json().get("username");
		assertProblem(usersOnly.patch(PATH + "/" + plain, "{\"roles\":[\"AUDITOR\"]}"), 403);
		assertThat(usersOnly.patch(PATH + "/" + plain, "{\"enabled\":false}").status()).isEqualTo(200);

		String auditor = create("[\"AUDITOR\"]");
		assertProblem(usersOnly.patch(PATH + "/" + auditor, "{\"password\":\"" + PASSWORD + " 3\"}"), 403);
		assertProblem(usersOnly.patch(PATH + "/" + auditor, "{\"roles\":[\"USER\"]}"), 403);
		assertProblem(usersOnly.delete(PATH + "/" + auditor), 403);
		assertThat(this.admin.get(PATH + "/" + auditor).json()).containsEntry("roles", List.of("AUDITOR"));

		AdminApi auditorLevel = adminWith(AdminScopes.USERS, AdminScopes.READ, AdminScopes.AUDIT_READ);
		assertThat(auditorLevel.patch(PATH + "/" + auditor, "{\"roles\":[\"USER\",\"AUDITOR\"]}").status())
			.isEqualTo(200);
		assertProblem(auditorLevel.patch(PATH + "/" + auditor, "{\"roles\":[\"ADMIN\"]}"), 403);
		assertThat(auditorLevel.delete(PATH + "/" + auditor).status()).isEqualTo(204);
		assertThat(usersOnly.delete(PATH + "/" + plain).status()).isEqualTo(204);
	}

	@Test
	void theLastEnabledAdminCannotBeDeletedDisabledOrDemoted() {
		List<String> otherAdmins = this.jdbc
			.queryForList("select u.username from app_user u join app_user_role r on r.username = u.username "
					+ "where r.role = 'ADMIN' and u.enabled", String.class);
		this.jdbc.update("update app_user set enabled = false where username = any(?)",
				(Object) otherAdmins.toArray(String[]::new));
		try {
			String last = create("[\"ADMIN\"]");
			for (Http.Response refused : List.of(this.admin.delete(PATH + "/" + last),
					this.admin.patch(PATH + "/" + last, "{\"enabled\":false}"),
					this.admin.patch(PATH + "/" + last, "{\"roles\":[\"AUDITOR\"]}"))) {
				assertProblem(refused, 409);
				assertThat(refused.json().get("detail").toString()).contains("last enabled ADMIN");
			}
			assertThat(this.admin.patch(PATH + "/" + last, "{\"roles\":[\"ADMIN\",\"USER\"]}").status())
				.as("still an admin")
				.isEqualTo(200);

			String disabledAdmin = uniqueName();
			assertThat(this.admin
				.post(PATH,
						"{\"username\":\"" + disabledAdmin + "\",\"password\":\"" + PASSWORD
								+ "\",\"roles\":[\"ADMIN\"],\"enabled\":false}")
				.status()).isEqualTo(201);
			assertProblem(this.admin.delete(PATH + "/" + last), 409);
			assertThat(this.admin.delete(PATH + "/" + disabledAdmin).status())
				.as("a disabled admin is not the last enabled one")
				.isEqualTo(204);

			String second = create("[\"ADMIN\"]");
			assertThat(this.admin.patch(PATH + "/" + last, "{\"enabled\":false}").status()).isEqualTo(200);
			assertProblem(this.admin.delete(PATH + "/" + second), 409);
			assertThat(this.admin.patch(PATH + "/" + last, "{\"enabled\":true}").status()).isEqualTo(200);
			assertThat(this.admin.delete(PATH + "/" + second).status()).isEqualTo(204);
			assertProblem(this.admin.delete(PATH + "/" + last), 409);
		}
		finally {
			this.jdbc.update("update app_user set enabled = true where username = any(?)",
					(Object) otherAdmins.toArray(String[]::new));
		}
	}

	@Test
	void twoConcurrentChangesCannotRemoveTheLastTwoAdmins() throws Exception {
		List<String> otherAdmins = this.jdbc
			.queryForList("select u.username from app_user u join app_user_role r on r.username = u.username "
					+ "where r.role = 'ADMIN' and u.enabled", String.class);
		this.jdbc.update("update app_user set enabled = false where username = any(?)",
				(Object) otherAdmins.toArray(String[]::new));
		try {
			String first = create("[\"ADMIN\"]");
			String second = create("[\"ADMIN\"]");
			CompletableFuture<Http.Response> disableFirst = CompletableFuture
				.supplyAsync(() -> this.admin.patch(PATH + "/" + first, "{\"enabled\":false}"));
			CompletableFuture<Http.Response> deleteSecond = CompletableFuture
				.supplyAsync(() -> this.admin.delete(PATH + "/" + second));
			List<Integer> statuses = List.of(disableFirst.join().status(), deleteSecond.join().status());
			assertThat(statuses).as("one change went through, the other found the last admin").contains(409);
			assertThat(statuses).containsAnyOf(200, 204);
			assertThat(this.jdbc.queryForObject(
					"select count(*) from app_user u join app_user_role r on r.username = u.username "
							+ "where r.role = 'ADMIN' and u.enabled and u.username in (?, ?)",
					Integer.class, first, second))
				.isEqualTo(1);
		}
		finally {
			this.jdbc.update("update app_user set enabled = true where username = any(?)",
					(Object) otherAdmins.toArray(String[]::new));
		}
	}

	@Test
	void adminReadListsAndReadsButChangesNothing() {
		String username = create("[\"USER\"]");
		AdminApi reader = adminWith(AdminScopes.READ);
		Http.Response list = reader.get(PATH);
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(list.jsonList()).isNotEmpty();
		assertThat(reader.get(PATH + "/" + username).status()).isEqualTo(200);
		assertProblem(reader.post(PATH, user(uniqueName(), PASSWORD, "[\"USER\"]")), 403);
		assertProblem(reader.patch(PATH + "/" + username, "{\"enabled\":false}"), 403);
		assertProblem(reader.delete(PATH + "/" + username), 403);

		AdminApi clientsOnly = adminWith(AdminScopes.CLIENTS);
		assertProblem(clientsOnly.get(PATH), 403);
		assertProblem(new AdminApi(this.issuer, null).get(PATH), 401);
	}

	@Test
	void badInputIsAProblemNever500AndUnknownUsersAre404() {
		String username = create("[\"USER\"]");
		List<Http.Response> bad = new ArrayList<>();
		bad.add(this.admin.post(PATH, "{not json"));
		bad.add(this.admin.post(PATH, "[]"));
		bad.add(this.admin.post(PATH, "{\"username\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":\"USER\"}"));
		bad.add(this.admin.post(PATH, "{\"username\":\"x\",\"password\":\"" + PASSWORD + "\"}"));
		bad.add(this.admin.post(PATH,
				"{\"username\":\"x\",\"password\":\"" + PASSWORD + "\",\"roles\":[],\"enabled\":\"yes\"}"));
		bad.add(this.admin.post(PATH, "{\"username\":{},\"password\":[1],\"roles\":[{}]}"));
		bad.add(this.admin.post(PATH, user("u".repeat(101), PASSWORD, "[]")));
		bad.add(this.admin.patch(PATH + "/" + username, "{not json"));
		bad.add(this.admin.patch(PATH + "/" + username, "{\"password\":null}"));
		bad.add(this.admin.patch(PATH + "/" + username, "{\"roles\":null}"));
		bad.add(this.admin.patch(PATH + "/" + username, "{\"enabled\":null}"));
		bad.add(this.admin.patch(PATH + "/" + username, "{\"enabled\":\"no\"}"));
		bad.add(this.admin.patch(PATH + "/" + username, "{\"roles\":[\"GOD\"]}"));
		for (Http.Response response : bad) {
			assertProblem(response, 400);
		}
		assertThat(this.admin.get(PATH + "/" + username).json()).containsEntry("roles", List.of("USER"))
			.containsEntry("enabled", true);

		Http.Response taken = this.admin.post(PATH, user(username.toUpperCase(), PASSWORD, "[\"USER\"]"));
		assertProblem(taken, 409);
		assertThat(taken.json().get("detail").toString()).contains("taken");

		for (String path : List.of(PATH + "/nobody-" + UUID.randomUUID(), PATH + "/" + username.toUpperCase(),
				PATH + "/%20")) {
			for (Http.Response response : List.of(this.admin.get(path), this.admin.delete(path),
					this.admin.patch(path, "{\"enabled\":false}"))) {
				assertProblem(response, 404);
			}
		}
	}

	Http.Response call(String method, String path, String correlationId, String json) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Authorization", "Bearer " + this.admin.token())
			.header("X-Correlation-Id", correlationId);
		if (json != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return this.http.send(request);
	}

	Map<String, Object> onlyEvent(String correlationId) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("select * from audit_event where correlation_id = ?",
				correlationId);
		assertThat(rows).as("events for " + correlationId).hasSize(1);
		return rows.get(0);
	}

	static Map<String, Object> detail(Map<String, Object> row) throws Exception {
		return JSONObjectUtils.parse((String) row.get("detail"));
	}

}
