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
 * token was issued and one refused, with a certificate known), and so is every label they
 * select on or group by, with every value they match ({@code outcome="issued"},
 * {@code error=~"temporarily_unavailable|server_error"}), on some series of that metric,
 * so they cannot drift from the code: a renamed metric, tag or tag value fails here, not
 * silently in production. Values only an outage or a bug produces (a 503's or a 500's
 * error code) cannot be scraped here: they must be among the values the code can tag
 * ({@link #declaredValues()}).
 */
@TesseraServerTest
class DeployArtifactsTest {

	static final Path DEPLOY = Path.of("..", "deploy");

	/** PromQL words that are not metric names. */
	static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring", "group_left",
			"group_right", "bool", "offset", "inf", "nan");

	/** Labels Prometheus adds to every series it scrapes (not the server's). */
	static final Set<String> TARGET_LABELS = Set.of("instance", "job");

	static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)\\}");

	static final Pattern MATCHER = Pattern
		.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)\\s*");

	static final Pattern ALTERNATION = Pattern.compile("[A-Za-z0-9_.:-]+(\\|[A-Za-z0-9_.:-]+)*");

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

		PrometheusScrape scrape = PrometheusScrape.of("http://localhost:" + this.managementPort);
		Map<String, Set<String>> declared = declaredValues();
		List<String> problems = new ArrayList<>();
		alertExpressions()
			.forEach((alert, expr) -> problems.addAll(labelProblems("alert " + alert, expr, scrape, declared)));
		dashboardExpressions()
			.forEach((panel, expr) -> problems.addAll(labelProblems("panel " + panel, expr, scrape, declared)));
		assertThat(problems).as("labels and label values used in deploy/ that no scraped series of the metric has")
			.isEmpty();
	}

	@Test
	void theLabelCheckFindsARenamedLabelOrValue() {
		PrometheusScrape scrape = PrometheusScrape
			.parse("tessera_tokens_issued_total{client=\"a\",grant=\"client_credentials\"} 1.0\n"
					+ "tessera_tokens_refused_total{client=\"a\",error=\"invalid_client\",grant=\"other\"} 1.0\n");
		Map<String, Set<String>> declared = Map.of("tessera_tokens_refused_total error", Set.of("server_error"));
		assertThat(labelProblems("ok", "sum by (grant) (rate(tessera_tokens_issued_total{grant=\"client_credentials\","
				+ "instance=~\"$instance\"}[5m]))", scrape, declared))
			.isEmpty();
		assertThat(labelProblems("ok", "rate(tessera_tokens_refused_total{error=~\"invalid_client|server_error\"}[5m])",
				scrape, declared))
			.isEmpty();
		assertThat(labelProblems("renamed label", "rate(tessera_tokens_issued_total{grant_type=\"x\"}[5m])", scrape,
				declared))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("grant_type");
		assertThat(labelProblems("renamed value", "rate(tessera_tokens_issued_total{grant=\"jwt\"}[5m])", scrape,
				declared))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("jwt");
		assertThat(labelProblems("renamed alternative",
				"rate(tessera_tokens_refused_total{error!~\"temporarily_unavailble|server_error\"}[5m])", scrape,
				declared))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("temporarily_unavailble");
		assertThat(labelProblems("renamed group", "sum by (grant, kind) (rate(tessera_tokens_issued_total[5m]))",
				scrape, declared))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("kind");
	}

	/**
	 * What one expression selects or groups by that the scrape does not have: each label
	 * in a selector ({@code metric{label op "value"}}) and in a {@code by (...)} clause
	 * must be on some series of each metric it applies to, and each value it matches
	 * (each alternative of a regular expression) on some series or among the
	 * {@code declared} values of that metric's label. Prometheus' own labels and
	 * Grafana's variables ({@code $instance}) are left out.
	 */
	static List<String> labelProblems(String where, String expr, PrometheusScrape scrape,
			Map<String, Set<String>> declared) {
		List<String> problems = new ArrayList<>();
		Matcher selector = SELECTOR.matcher(expr);
		while (selector.find()) {
			String metric = selector.group(1);
			Matcher matcher = MATCHER.matcher(selector.group(2));
			while (matcher.find()) {
				String label = matcher.group(1);
				String value = matcher.group(3);
				if (TARGET_LABELS.contains(label) || scrape.samples(metric).isEmpty()) {
					continue; // a missing metric is reported by name
				}
				Set<String> values = labelValues(scrape, metric, label);
				if (values.isEmpty()) {
					problems.add(where + ": no series of " + metric + " has the label " + label);
					continue;
				}
				if (value.contains("$")) {
					continue;
				}
				boolean regex = matcher.group(2).contains("~");
				if (regex && !ALTERNATION.matcher(value).matches()) {
					problems.add(where + ": " + metric + "{" + label + matcher.group(2) + "\"" + value
							+ "\"} is not a list of values this test can check");
					continue;
				}
				Set<String> known = new TreeSet<>(values);
				known.addAll(declared.getOrDefault(metric + " " + label, Set.of()));
				for (String alternative : regex ? value.split("\\|") : new String[] { value }) {
					if (!known.contains(alternative)) {
						problems.add(where + ": no series of " + metric + " has " + label + "=\"" + alternative
								+ "\" (scraped: " + values + ")");
					}
				}
			}
		}
		Matcher by = BY.matcher(expr);
		while (by.find()) {
			if (by.end() >= expr.length() || expr.charAt(by.end()) != '(') {
				problems.add(where + ": a by clause after its aggregation's argument, which this test cannot read");
				continue;
			}
			String argument = balancedGroup(expr, by.end());
			for (String label : by.group(1).split(",")) {
				String name = label.trim();
				if (name.isEmpty() || TARGET_LABELS.contains(name)) {
					continue;
				}
				for (String metric : metricNames(argument)) {
					if (!scrape.samples(metric).isEmpty() && labelValues(scrape, metric, name).isEmpty()) {
						problems.add(where + ": grouped by " + name + ", which no series of " + metric + " has");
					}
				}
			}
		}
		return problems;
	}

	private static Set<String> labelValues(PrometheusScrape scrape, String metric, String label) {
		Set<String> values = new TreeSet<>();
		scrape.samples(metric).forEach((sample) -> {
			if (sample.labels().containsKey(label)) {
				values.add(sample.labels().get(label));
			}
		});
		return values;
	}

	/** The bracketed group that opens at {@code start}, brackets included. */
	static String balancedGroup(String expr, int start) {
		int depth = 0;
		for (int i = start; i < expr.length(); i++) {
			char c = expr.charAt(i);
			depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			if (depth == 0) {
				return expr.substring(start, i + 1);
			}
		}
		return expr.substring(start);
	}

	/**
	 * Label values the code can give that a test cannot provoke cheaply: the error codes
	 * of {@code tessera_tokens_refused_total} (a 503's {@code temporarily_unavailable}, a
	 * 500's {@code server_error}), as {@code protocol.TokenMetrics} declares them.
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Set<String>> declaredValues() throws ReflectiveOperationException {
		java.lang.reflect.Field errors = Class.forName("dev.tessera.auth.protocol.TokenMetrics")
			.getDeclaredField("KNOWN_ERRORS");
		errors.setAccessible(true);
		return Map.of("tessera_tokens_refused_total error", (Set<String>) errors.get(null));
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
