package dev.tessera.admin.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An axe-core accessibility check of the page a browser shows: the axe script (shipped in
 * the {@code com.deque.html.axe-core:selenium} jar, test scope) is injected through
 * WebDriver, which Chromium runs outside the page's Content Security Policy, so a page
 * that allows no script of its own is checked as it is served.
 */
public final class Axe {

	private static final Set<String> BLOCKING = Set.of("serious", "critical");

	private static final String SCRIPT = load();

	private Axe() {
	}

	/** The WCAG 2.x A/AA and best-practice violations axe finds on the current page. */
	public static List<Map<String, Object>> violations(WebDriver driver) {
		JavascriptExecutor js = (JavascriptExecutor) driver;
		js.executeScript(SCRIPT);
		Object result = js.executeAsyncScript(
				"const done = arguments[arguments.length - 1];" + "axe.run(document, { resultTypes: ['violations'] })"
						+ ".then(r => done(JSON.stringify(r.violations)))" + ".catch(e => done('axe failed: ' + e));");
		assertThat(result).asString().doesNotStartWith("axe failed");
		try {
			return JsonMapper.builder().build().readValue((String) result, new TypeReference<>() {
			});
		}
		catch (JacksonException ex) {
			throw new AssertionError("axe answered no JSON: " + result, ex);
		}
	}

	/** Fails when the page has any serious or critical violation, naming each. */
	public static void assertNoSeriousViolations(WebDriver driver, String page) {
		List<Map<String, Object>> blocking = violations(driver).stream()
			.filter(v -> BLOCKING.contains(String.valueOf(v.get("impact"))))
			.toList();
		assertThat(blocking)
			.as(() -> page + " has serious or critical accessibility violations:\n"
					+ blocking.stream().map(Axe::describe).collect(Collectors.joining("\n")))
			.isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static String describe(Map<String, Object> violation) {
		List<Map<String, Object>> nodes = (List<Map<String, Object>>) violation.getOrDefault("nodes", List.of());
		return "- " + violation.get("id") + " (" + violation.get("impact") + "): " + violation.get("help") + " at "
				+ nodes.stream().map(n -> String.valueOf(n.get("target"))).collect(Collectors.joining(", "));
	}

	private static String load() {
		try (InputStream in = Axe.class.getClassLoader().getResourceAsStream("axe.min.js")) {
			assertThat(in).as("axe.min.js on the test classpath (com.deque.html.axe-core:selenium)").isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
