package dev.tessera.auth.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.PrometheusScrape;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestPki;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus alert rules and the Grafana dashboard in {@code deploy/} parse, and
 * every metric their expressions name is in a real scrape of a running server (after a
 * token was issued and one refused, with a certificate known), so they cannot drift from
 * the code: a renamed metric fails here, not silently in production.
 */
@TesseraServerTest
class DeployArtifactsTest {

	static final Path DEPLOY = Path.of("..", "deploy");

	/** PromQL words that are not metric names. */
	static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
			"group_right", "bool", "offset", "inf", "nan");

	@Value("${local.server.port}")
	int port;

	@Value("${local.management.port}")
	int managementPort;

	@Autowired
	ClientRegistrar registrar;

	@Test
	void everyMetricTheAlertsAndTheDashboardUseIsInAScrape() throws Exception {
		Map<String, Set<String>> used = new HashMap<>();
		alertExpressions().forEach((alert, expr) -> metricNames(expr)
			.forEach((name) -> used.computeIfAbsent(name, (key) -> new TreeSet<>()).add("alert " + alert)));
		dashboardExpressions().forEach((panel, expr) -> metricNames(expr)
			.forEach((name) -> used.computeIfAbsent(name, (key) -> new TreeSet<>()).add("panel " + panel)));
		assertThat(used).as("metrics named in deploy/").isNotEmpty();

		exerciseTheServer();
		// the certificate gauge follows the inventory, which reads client changes
		// off-thread
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		Set<String> names = scrapedNames();
		while (!names.containsAll(used.keySet()) && Instant.now().isBefore(deadline)) {
			Thread.sleep(200);
			names = scrapedNames();
		}
		Map<String, Set<String>> missing = new HashMap<>(used);
		missing.keySet().removeAll(names);
		assertThat(missing).as("metrics used in deploy/ (and where) that the server does not export").isEmpty();
	}

	@Test
	void theAlertRulesCoverWhatMatters() throws IOException {
		Map<String, String> alerts = alertExpressions();
		assertThat(alerts).containsKeys("TesseraTokenServerErrors", "TesseraTokenLatencyP99High",
				"TesseraAuditCommitLagHigh", "TesseraAuditQueueFilling", "TesseraKeyRotationOverdue",
				"TesseraCertificateExpiringSoon", "TesseraDatabasePoolExhausted");
		for (Map<String, Object> rule : rules()) {
			assertThat(rule).as(String.valueOf(rule.get("alert")))
				.containsKeys("alert", "expr", "labels", "annotations");
			assertThat(((Map<?, ?>) rule.get("labels")).get("severity")).isIn("warning", "critical");
			assertThat(((Map<?, ?>) rule.get("annotations")).get("summary")).isNotNull();
			assertThat(balanced(rule.get("expr").toString())).as("brackets of " + rule.get("alert")).isTrue();
		}
	}

	@Test
	void theDashboardIsAGrafanaDashboard() throws IOException {
		Map<String, Object> dashboard = load(DEPLOY.resolve("grafana/tessera-dashboard.json"));
		assertThat(dashboard).containsKeys("title", "uid", "panels", "schemaVersion");
		List<Object> ids = panels(dashboard).stream().map((panel) -> panel.get("id")).toList();
		assertThat(ids).doesNotHaveDuplicates();
		assertThat(dashboardExpressions()).hasSizeGreaterThan(10)
			.allSatisfy((panel, expr) -> assertThat(balanced(expr)).as(panel).isTrue());
	}

	private Set<String> scrapedNames() {
		return PrometheusScrape.of("http://localhost:" + this.managementPort).names();
	}

	/**
	 * A token issued, one refused, and a client registered with a certificate, so that
	 * every meter has a sample.
	 */
	private void exerciseTheServer() throws Exception {
		Http http = new Http("http://localhost:" + this.port);
		IssuedSecret client = this.registrar
			.register(ClientDraft.clientCredentials(null, "deploy check", Set.of(), Set.of(), Set.of()));
		assertThat(http
			.postForm("/oauth2/token", client.clientId(), client.clientSecret(),
					form("grant_type", "client_credentials"))
			.status()).isEqualTo(200);
		assertThat(http
			.postForm("/oauth2/token", client.clientId(), "not-the-secret", form("grant_type", "client_credentials"))
			.status()).isEqualTo(401);
		TestPki.Issued certificate = TestPki.selfSigned("CN=deploy-check,O=Example")
			.expiring(Instant.now().plus(Duration.ofDays(30)))
			.build();
		Map<String, Object> key = new HashMap<>(JWK.parse(certificate.certificate()).toJSONObject());
		key.put("kid", "deploy-check");
		this.registrar.register(new ClientDraft(null, "deploy check certificate", Set.of("client_credentials"),
				Set.of("private_key_jwt"), Set.of(), Set.of(), Set.of("https://api.example.test"), Set.of(), null, null,
				new JWKSet(JWK.parse(key)).toString(), null, null, false));
	}

	/** The metric names in a PromQL expression (or a Grafana {@code label_values}). */
	static Set<String> metricNames(String expr) {
		Set<String> names = new TreeSet<>();
		Matcher labelValues = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(expr);
		if (labelValues.find()) {
			names.add(labelValues.group(1));
			return names;
		}
		String stripped = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
			.replaceAll("\\{[^}]*\\}", " ")
			.replaceAll("\\[[^\\]]*\\]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Matcher identifier = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?").matcher(stripped);
		while (identifier.find()) {
			if (identifier.group(2) == null && !KEYWORDS.contains(identifier.group(1).toLowerCase())) {
				names.add(identifier.group(1));
			}
		}
		return names;
	}

	static boolean balanced(String expr) {
		int depth = 0;
		for (char c : expr.toCharArray()) {
			depth += (c == '(' || c == '{' || c == '[') ? 1 : (c == ')' || c == '}' || c == ']') ? -1 : 0;
			if (depth < 0) {
				return false;
			}
		}
		return depth == 0;
	}

	private static Map<String, String> alertExpressions() throws IOException {
		Map<String, String> expressions = new HashMap<>();
		for (Map<String, Object> rule : rules()) {
			expressions.put((String) rule.get("alert"), (String) rule.get("expr"));
		}
		return expressions;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() throws IOException {
		Map<String, Object> file = load(DEPLOY.resolve("prometheus/tessera-alerts.yml"));
		List<Map<String, Object>> groups = (List<Map<String, Object>>) file.get("groups");
		assertThat(groups).as("rule groups").isNotEmpty();
		List<Map<String, Object>> rules = new ArrayList<>();
		groups.forEach((group) -> rules.addAll((List<Map<String, Object>>) group.get("rules")));
		assertThat(rules).as("rules").isNotEmpty();
		return rules;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> dashboardExpressions() throws IOException {
		Map<String, Object> dashboard = load(DEPLOY.resolve("grafana/tessera-dashboard.json"));
		Map<String, String> expressions = new HashMap<>();
		for (Map<String, Object> panel : panels(dashboard)) {
			List<Map<String, Object>> targets = (List<Map<String, Object>>) panel.getOrDefault("targets", List.of());
			for (Map<String, Object> target : targets) {
				expressions.put(panel.get("title") + " " + target.get("refId"), (String) target.get("expr"));
			}
		}
		Map<String, Object> templating = (Map<String, Object>) dashboard.get("templating");
		for (Map<String, Object> variable : (List<Map<String, Object>>) templating.get("list")) {
			if ("query".equals(variable.get("type"))) {
				Object query = variable.get("query");
				expressions.put("variable " + variable.get("name"),
						(query instanceof Map<?, ?> map) ? (String) map.get("query") : (String) query);
			}
		}
		return expressions;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
		List<Map<String, Object>> all = new ArrayList<>();
		for (Map<String, Object> panel : (List<Map<String, Object>>) dashboard.get("panels")) {
			all.add(panel);
			all.addAll((List<Map<String, Object>>) panel.getOrDefault("panels", List.of()));
		}
		return all;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> load(Path file) throws IOException {
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			return (Map<String, Object>) new Yaml().load(reader);
		}
	}

}
