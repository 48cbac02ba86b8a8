package dev.tessera.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison with the baseline: figures where both servers ran a scenario, and a
 * plain statement, never an invented figure, where the baseline cannot.
 */
class ReportTableTest {

	@Test
	void aScenarioTheBaselineCannotServeSaysSoInTheComparison() {
		String markdown = report(true,
				List.of(row("Tessera", "Tessera", Scenario.TOKEN_SECRET, 1000),
						row(BaselineDeployment.LABEL, "baseline", Scenario.TOKEN_SECRET, 20),
						row("Tessera", "Tessera", Scenario.TOKEN_JWT_BEARER, 900)))
			.markdown();
		String comparison = markdown.substring(markdown.indexOf("## Tessera / baseline"),
				markdown.indexOf("## Crypto floor"));
		assertTrue(comparison.contains("| token client_secret_basic"), comparison);
		assertTrue(comparison.contains("50.0x"), comparison);
		String jwtBearer = comparison.lines().filter(l -> l.startsWith("| token jwt-bearer")).findFirst().orElseThrow();
		assertTrue(jwtBearer.contains("no baseline (SAS has no JWT-bearer grant)"), jwtBearer);
		assertTrue(jwtBearer.contains("900"), jwtBearer);
		assertFalse(markdown.contains("| " + BaselineDeployment.LABEL + " | token jwt-bearer"),
				"no baseline row in the results: " + markdown);
	}

	@Test
	void theRefreshScenarioHasNoBaselineFigureAndCountsAgainstTheFloor() {
		String markdown = report(true,
				List.of(row("Tessera", "Tessera", Scenario.TOKEN_SECRET, 1000),
						row(BaselineDeployment.LABEL, "baseline", Scenario.TOKEN_SECRET, 20),
						row("Tessera", "Tessera", Scenario.TOKEN_REFRESH, 600)))
			.markdown();
		String refresh = markdown.lines()
			.filter(l -> l.startsWith("| token refresh_token"))
			.findFirst()
			.orElseThrow(() -> new AssertionError(markdown));
		assertTrue(refresh.contains("no baseline (the baseline app has no users or sign-in page for the code flow)"),
				refresh);
		assertTrue(refresh.contains("600"), refresh);
		String results = markdown.substring(markdown.indexOf("## Results"), markdown.indexOf("## Tessera / baseline"));
		assertTrue(results.lines().anyMatch(l -> l.matches("\\| Tessera +\\| token refresh_token .*")), results);
		String floor = markdown.substring(markdown.indexOf("## Crypto floor"));
		assertTrue(floor.lines().anyMatch(l -> l.matches("\\| Tessera +\\| token refresh_token .*\\| +30% \\|")),
				"each refresh signs a token: " + floor);
	}

	@Test
	void theComparisonWithTheBaselineOnlyAloneSaysNoBaseline() {
		String markdown = report(true, List.of(row("Tessera", "Tessera", Scenario.TOKEN_JWT_BEARER, 900))).markdown();
		assertTrue(markdown.contains("## Tessera / baseline"), markdown);
		assertTrue(markdown.contains("no baseline (SAS has no JWT-bearer grant)"), markdown);
	}

	@Test
	void withoutABaselineThereIsNoComparison() {
		String markdown = report(false, List.of(row("Tessera", "Tessera", Scenario.TOKEN_JWT_BEARER, 900))).markdown();
		assertFalse(markdown.contains("## Tessera / baseline"), markdown);
		assertTrue(markdown.contains("| Tessera | token jwt-bearer"), markdown);
	}

	private static Report report(boolean baseline, List<Row> rows) {
		RunInfo info = new RunInfo(Instant.EPOCH, "abc1234", Path.of("tessera-auth-server.jar"), "25", "25", 2, "cpu",
				"Linux", "--baseline=" + baseline, "1s", "on", List.of(), baseline, baseline ? "SAS" : null, "0.5");
		CryptoFloor.Result floor = new CryptoFloor.Result("RS256", 2, 2000, Duration.ofSeconds(1), "25", "vendor",
				"/jdk", "SunRsaSign");
		return new Report(info, floor, List.of(floor), null, rows, null, List.of(), Duration.ofSeconds(10));
	}

	private static Row row(String server, String kind, Scenario scenario, long requests) {
		LatencyStats latency = new LatencyStats();
		latency.record(2_000_000);
		LoadResult result = new LoadResult(8, requests, 0, Duration.ofSeconds(1), latency, Map.of(), null, 1);
		return new Row(server, kind, scenario, 1, result, "");
	}

}
