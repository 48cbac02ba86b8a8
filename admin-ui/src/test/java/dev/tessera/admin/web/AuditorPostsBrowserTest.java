package dev.tessera.admin.web;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tessera.admin.support.ConsoleSession;
import dev.tessera.admin.support.ConsoleTest;
import dev.tessera.admin.support.TesseraServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every POST route of the console, found in Spring's handler mapping (so a route added
 * later is covered without editing this test), posted by a signed-in AUDITOR with the
 * CSRF token and realistic form bodies: each answers with the "Not allowed" page (the
 * admin API refused the change) or a 400 page (the console refused the input before
 * calling the API), and nothing changed in the clients, scopes, users, trusted issuers
 * and keys the admin API lists.
 */
class AuditorPostsBrowserTest extends ConsoleTest {

	/** Routes that change nothing, which an auditor may use. */
	private static final Set<String> READ_ONLY = Set.of("/audit/verify");

	/** Routes that are not the console's forms. */
	private static final Set<String> NOT_FORMS = Set.of("/logout");

	/**
	 * Routes whose form carries a one-use token only a page with the form gives (which an
	 * auditor never sees): the console refuses them before calling the API.
	 */
	private static final Set<String> REFUSED_BY_THE_CONSOLE = Set.of("/clients", "/clients/{clientId}/secret");

	private static final Pattern VARIABLE = Pattern.compile("\\{([^}/]+)}");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyPostRouteRefusesAnAuditorAndChangesNothing() {
		String suffix = Long.toString(System.nanoTime(), 36);
		String scope = "posts:read-" + suffix;
		assertThat(server.admin().call("POST", "/scopes", Map.of("name", scope)).status()).isEqualTo(201);
		TesseraServer.Response client = server.admin()
			.call("POST", "/clients", Map.of("name", "Posts " + suffix, "grantTypes", List.of("client_credentials"),
					"authMethods", List.of("client_secret_basic"), "scopes", List.of(scope)));
		assertThat(client.status()).isEqualTo(201);
		String clientId = client.body().get("clientId").asString();
		String person = "posts-person-" + suffix;
		String password = "Person-" + suffix + "-Pw!x";
		assertThat(server.admin()
			.call("POST", "/users", Map.of("username", person, "password", password, "roles", List.of("AUDITOR")))
			.status()).isEqualTo(201);
		String auditor = "posts-auditor-" + suffix;
		String auditorPassword = createPerson(auditor, "AUDITOR");
		String issuer = "https://posts-" + suffix + ".example.test";
		TesseraServer.Response trusted = server.admin()
			.call("POST", "/trusted-issuers",
					Map.of("issuer", issuer, "jwks", rsaKeys(), "audiences", List.of(server.issuer()),
							"allowedClientIds", List.of(clientId), "allowedScopes", List.of(scope),
							"maxAssertionLifetimeSeconds", 120));
		assertThat(trusted.status()).as(String.valueOf(trusted.body())).isEqualTo(201);
		String issuerId = trusted.body().get("id").asString();
		String kid = server.admin().call("GET", "/keys", null).body().get(0).get("kid").asString();
		Map<String, String> variables = Map.of("clientId", clientId, "username", person, "id", issuerId, "kid", kid);

		Map<String, String> before = snapshot();
		WebDriver driver = signIn(auditor, auditorPassword);
		ConsoleSession session = ConsoleSession.of(driver);
		Map<String, String> bodies = bodies(clientId, scope, person, issuer, kid, suffix);

		List<String> routes = postRoutes();
		assertThat(routes).contains("/clients", "/clients/{clientId}/enabled", "/scopes/delete", "/review/remove");
		List<String> problems = new ArrayList<>();
		for (String route : routes) {
			String path = expand(route, variables);
			HttpResponse<String> answer = session.post(console(path), bodies.getOrDefault(route, ""));
			int status = answer.statusCode();
			if (READ_ONLY.contains(route)) {
				if (status >= 500) {
					problems.add(route + " answered " + status);
				}
			}
			else if (status == 403) {
				if (!answer.body().contains("Not allowed")) {
					problems.add(route + ": 403 without the Not allowed page");
				}
			}
			else if (status != 400) {
				problems.add(route + " answered " + status + " (expected 403, or 400 before the API)");
			}
			else if (bodies.containsKey(route) && !REFUSED_BY_THE_CONSOLE.contains(route)) {
				problems.add(route + " answered 400: its form body should reach the API (and get 403)");
			}
		}
		assertThat(problems).isEmpty();
		assertThat(snapshot()).isEqualTo(before);

		server.admin().call("DELETE", "/users/" + auditor, null);
		server.admin().call("DELETE", "/users/" + person, null);
		server.admin().call("DELETE", "/trusted-issuers/" + issuerId, null);
		server.admin().call("DELETE", "/clients/" + clientId, null);
		server.admin().call("DELETE", "/scopes/" + scope, null);
	}

	/** The console's POST routes, sorted, without those that are not its forms. */
	private List<String> postRoutes() {
		Set<String> routes = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			if (methods.contains(RequestMethod.POST)) {
				info.getPatternValues().stream().filter((p) -> !NOT_FORMS.contains(p)).forEach(routes::add);
			}
		}
		return List.copyOf(routes);
	}

	private static String expand(String route, Map<String, String> variables) {
		Matcher variable = VARIABLE.matcher(route);
		StringBuilder path = new StringBuilder();
		while (variable.find()) {
			String value = variables.get(variable.group(1));
			if (value == null) {
				fail("No value for {" + variable.group(1) + "} in " + route + ": add one to this test");
			}
			variable.appendReplacement(path, Matcher.quoteReplacement(ConsoleSession.encode(value)));
		}
		variable.appendTail(path);
		return path.toString();
	}

	/**
	 * Form bodies a person with the right role would post, so the change reaches the API.
	 */
	private static Map<String, String> bodies(String clientId, String scope, String person, String issuer, String kid,
			String suffix) {
		String e = "&";
		Map<String, String> bodies = new TreeMap<>();
		bodies.put("/clients",
				form("name", "Posts new " + suffix) + e + form("scopes", scope) + e
						+ form("grantTypes", "client_credentials") + e + form("authMethod", "client_secret_basic") + e
						+ form("confirm", "true"));
		bodies.put("/clients/{clientId}/settings", form("scopes", scope) + e + form("accessTokenTtlSeconds", "600"));
		bodies.put("/clients/{clientId}/enabled", form("enabled", "false"));
		bodies.put("/clients/{clientId}/secret", form("graceSeconds", "0"));
		bodies.put("/scopes/new", form("name", "posts:new-" + suffix) + e + form("description", "New"));
		bodies.put("/scopes/edit", form("name", scope) + e + form("description", "Changed"));
		bodies.put("/scopes/delete", form("name", scope));
		bodies.put("/review/remove", form("clientId", clientId) + e + form("scope", scope));
		bodies.put("/users", form("username", "posts-new-" + suffix) + e + form("password", "Posts-" + suffix + "-Pw!x")
				+ e + form("roles", "ADMIN") + e + form("enabled", "true"));
		bodies.put("/users/{username}", form("roles", "ADMIN") + e + form("enabled", "true"));
		String issuerForm = form("issuer", issuer + "/other") + e + form("jwksUri", issuer + "/jwks") + e
				+ form("audiences", server.issuer()) + e + form("allowedScopes", scope);
		bodies.put("/issuers", issuerForm);
		bodies.put("/issuers/{id}", issuerForm);
		bodies.put("/keys/{kid}/revoke", form("confirmation", kid));
		return bodies;
	}

	private static Map<String, Object> rsaKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			RSAPublicKey key = (RSAPublicKey) generator.generateKeyPair().getPublic();
			return Map.of("keys", List.of(Map.of("kty", "RSA", "kid", "posts-1", "use", "sig", "alg", "RS256", "n",
					base64url(key.getModulus()), "e", base64url(key.getPublicExponent()))));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64url(BigInteger value) {
		byte[] bytes = value.toByteArray();
		int start = (bytes.length > 1 && bytes[0] == 0) ? 1 : 0;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOfRange(bytes, start, bytes.length));
	}

	private static String form(String name, String value) {
		return ConsoleSession.encode(name) + "=" + ConsoleSession.encode(value);
	}

	/**
	 * What the admin API lists, without the fields that change by themselves (sign-in and
	 * age times).
	 */
	private static Map<String, String> snapshot() {
		Map<String, String> lists = new TreeMap<>();
		for (String list : List.of("/clients", "/scopes", "/users", "/trusted-issuers", "/keys")) {
			TesseraServer.Response answer = server.admin().call("GET", list, null);
			assertThat(answer.status()).as(list).isEqualTo(200);
			JsonNode body = answer.body();
			for (JsonNode item : body) {
				if (item instanceof ObjectNode object) {
					Iterator<String> names = object.propertyNames().iterator();
					List<String> volatileNames = new ArrayList<>();
					names.forEachRemaining((name) -> {
						if (name.equals("lastSignInAt") || name.endsWith("Seconds") && name.startsWith("age")) {
							volatileNames.add(name);
						}
					});
					object.remove(volatileNames);
				}
			}
			lists.put(list, body.toString());
		}
		return lists;
	}

}
