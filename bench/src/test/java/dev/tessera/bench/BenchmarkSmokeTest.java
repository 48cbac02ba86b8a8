package dev.tessera.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The benchmark in its CI mode, against the real packaged auth server: proves that the
 * command works end to end (servers start, every scenario gets correct answers, the
 * report renders), not how fast anything is. In {@code mvn verify} from the root the auth
 * server is packaged before this module runs, so the jar is there; only a bare
 * {@code mvn -pl bench test} without it skips.
 * <p>
 * One run covers it all, because starting servers is what costs here (each start is a new
 * JVM, and a shared PostgreSQL for several nodes): two Tessera nodes on one database, the
 * baseline next to them, every scenario once with phases of a fraction of a second on few
 * connections (the JWT-bearer, refresh and mTLS scenarios on Tessera only: the baseline
 * has no such grant, no sign-in and no TLS connector); the mTLS ones are not in a default
 * run, so the smoke run names them all ({@code --scenarios=all}). The full benchmark
 * ({@code bin/tessera-bench}) is not part of the test suite.
 */
class BenchmarkSmokeTest {

	@Test
	void smokeRunMeasuresEveryScenarioOnTwoTesseraNodesAndTheBaseline() throws IOException {
		Path jar = authServerJar();
		Path out = Path.of("target", "bench-smoke.md");
		Files.deleteIfExists(out);

		// phases of a fraction of a second on two connections; the servers' JVMs (the
		// same
		// options for Tessera, the baseline and the floor) compile with C1 alone, which
		// starts them sooner on few cores: figures here prove the path, not the speed
		Report report = Benchmark.run(Options.parse("--smoke", "--scenarios=all", "--jar=" + jar, "--out=" + out,
				"--nodes=2", "--connections=2", "--warmup=300ms", "--duration=500ms", "--floor-duration=300ms",
				"--cache-ttl=1s", "--server-jvm-args=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC", "--time-limit=4m"));

		// every scenario answered correctly by both servers, and the figures printed for
		// each; one the baseline cannot serve (JWT-bearer) runs on Tessera only, and the
		// report says why there is no baseline figure
		String markdown = Files.readString(out);
		for (Scenario scenario : Scenario.values()) {
			assertMeasured(report.tessera(), scenario, "Tessera");
			if (scenario.runsOnBaseline()) {
				assertMeasured(report.baseline(), scenario, "the baseline");
			}
			else {
				assertTrue(report.baseline().stream().noneMatch(r -> r.scenario() == scenario),
						"the baseline ran " + scenario.title());
				assertTrue(markdown.contains(scenario.noBaseline()), markdown);
			}
		}
		// the mTLS scenarios' handshakes were what each says, as the client counted them
		// (a full handshake checks the server's certificate, a resumed one does not)
		for (Row row : report.tessera()) {
			if (row.scenario() == Scenario.TOKEN_MTLS_FULL) {
				assertTrue(row.note().contains(" 0 resumed sessions"), row.note());
			}
			if (row.scenario() == Scenario.TOKEN_MTLS_RESUMED) {
				assertFalse(row.note().contains(" 0 resumed sessions"), row.note());
			}
		}
		assertTrue(report.floor().perSecond() > 0, "crypto floor");
		assertEquals(2, report.floorRuns().size(), "the floor is measured before and after the load");
		assertNotNull(report.floor().javaVersion());
		// the floor is the one of the provider the server reported, and the baseline's
		// JDK floor comes with it
		assertNotNull(report.floor().provider(), "the floor names its provider");
		if (CryptoFloor.NATIVE_PROVIDER.equals(report.floor().provider())) {
			assertNotNull(report.jdkFloor(), "Tessera signs natively: the baseline's JDK floor is measured too");
			assertTrue(!CryptoFloor.NATIVE_PROVIDER.equals(report.jdkFloor().provider()), report.jdkFloor().toString());
		}
		assertTrue(report.info().audit() != null && !report.info().audit().isBlank());

		// two nodes on one database: the round-robin row, node 1 alone, and a disabled
		// client reaching node 2
		List<Row> roundRobin = report.rows()
			.stream()
			.filter(r -> r.nodes() == 2 && r.scenario() == Scenario.TOKEN_SECRET)
			.toList();
		assertEquals(1, roundRobin.size(), "one round-robin row: " + report.rows());
		assertHealthy(roundRobin.get(0));
		List<Row> singleNode = report.rows().stream().filter(r -> !r.isBaseline() && r.nodes() == 1).toList();
		assertEquals(1, singleNode.size(), "one row for node 1 alone: " + report.rows());
		assertHealthy(singleNode.get(0));
		Propagation propagation = report.propagation();
		assertNotNull(propagation, "the cross-node propagation of a disabled client");
		assertTrue(propagation.otherNode().compareTo(Duration.ofSeconds(30)) < 0, propagation.toString());
		assertTrue(propagation.throughNode().compareTo(propagation.otherNode()) <= 0
				|| propagation.throughNode().compareTo(Duration.ofSeconds(1)) < 0, propagation.toString());

		assertEquals(report.markdown(), markdown);
		assertTrue(hasResultHeader(markdown), "the results table header in:\n" + markdown);
		assertTrue(markdown.contains("## Tessera / baseline"), markdown);
		assertTrue(markdown.contains("## Crypto floor"), markdown);
		assertTrue(markdown.contains("## Scale-out"), markdown);
	}

	private static void assertMeasured(List<Row> rows, Scenario scenario, String server) {
		List<Row> matching = rows.stream().filter(r -> r.scenario() == scenario).toList();
		assertFalse(matching.isEmpty(), server + " ran no " + scenario.title());
		matching.forEach(BenchmarkSmokeTest::assertHealthy);
	}

	private static void assertHealthy(Row row) {
		LoadResult result = row.result();
		String what = row.server() + " " + row.scenario().title() + " at " + result.connections() + ": ";
		assertEquals(0, result.errors(), what + result.errorKinds() + " first: " + result.firstError());
		assertTrue(result.perSecond() > 0, what + "no successful requests");
		assertTrue(result.verified() > 0, what + "no response body was checked");
	}

	private static boolean hasResultHeader(String markdown) {
		return markdown.lines()
			.filter(line -> line.startsWith("| server "))
			.map(line -> Arrays.stream(line.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList())
			.anyMatch(ReportTable.RESULT_COLUMNS::equals);
	}

	/**
	 * The packaged auth server next to this module; the test is skipped only when it is
	 * absent.
	 */
	private static Path authServerJar() {
		Path target = Path.of("..", "auth-server", "target").toAbsolutePath().normalize();
		Path jar = null;
		if (Files.isDirectory(target)) {
			try (Stream<Path> files = Files.list(target)) {
				jar = files.filter(p -> p.getFileName().toString().matches("tessera-auth-server-.*\\.jar"))
					.findFirst()
					.orElse(null);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
		if (jar == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("CI=true, and there is no packaged auth server in " + target);
		}
		assumeTrue(jar != null,
				"no packaged auth server in " + target
						+ ": run `mvn verify` from the project root (it packages auth-server before bench), "
						+ "or `mvn -pl auth-server -am -DskipTests package` first");
		return jar;
	}

}
