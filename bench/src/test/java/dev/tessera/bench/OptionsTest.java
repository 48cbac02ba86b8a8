package dev.tessera.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line, which CI, the launcher and people type differently. */
class OptionsTest {

	@Test
	void defaultsAreAFullRun() {
		Options options = Options.parse("--jar=x.jar");
		assertEquals(Duration.ofSeconds(20), options.duration());
		assertEquals(Duration.ofSeconds(60), options.warmup(), "long enough for C2 to compile the token path");
		assertEquals(List.of(8, 32), options.connections());
		assertEquals(32, options.maxConnections());
		assertEquals("RS256", options.algorithm());
		assertEquals(1, options.nodes());
		assertTrue(options.baseline());
		assertNull(options.cacheTtl(), "the server's own cache TTL unless asked");
		assertEquals(Scenario.defaults(), options.scenarios());
		assertTrue(options.scenarios().contains(Scenario.TOKEN_JWT_BEARER), "every plain scenario runs by default");
		assertTrue(options.scenarios().stream().noneMatch(Scenario::usesTls),
				"the mTLS scenarios only when asked: a default run starts no TLS connector");
		assertFalse(options.scenarios().contains(Scenario.TOKEN_SECRET_UNDER_FLOOD), "the flood only when asked");
		assertFalse(options.describe().contains("--scenarios"), options.describe());
		assertTrue(options.startsBaseline());
		assertEquals(Path.of("x.jar"), options.jar());
	}

	@Test
	void acceptsTheJwtBearerScenario() {
		Options options = Options.parse("--scenarios=token-jwt-bearer", "--jar=x.jar");
		assertEquals(Set.of(Scenario.TOKEN_JWT_BEARER), options.scenarios());
		assertTrue(options.describe().contains("--scenarios=token-jwt-bearer"), options.describe());
		assertTrue(options.baseline());
		assertFalse(options.startsBaseline(), "the baseline has nothing to run: it does not start");
		assertTrue(Options.USAGE.contains("token-jwt-bearer"));

		Options mixed = Options.parse("--scenarios=token-jwt-bearer,token-pkjwt", "--jar=x.jar");
		assertTrue(mixed.startsBaseline());
		assertFalse(Options.parse("--scenarios=token-pkjwt", "--baseline=false", "--jar=x.jar").startsBaseline());
	}

	@Test
	void theBaselineRunsEveryScenarioButJwtBearerRefreshAndMtls() {
		for (Scenario scenario : Scenario.values()) {
			assertEquals(scenario != Scenario.TOKEN_JWT_BEARER && scenario != Scenario.TOKEN_REFRESH
					&& !scenario.usesTls() && !scenario.underFlood(), scenario.runsOnBaseline(), scenario.key());
		}
		assertEquals("no baseline (SAS has no JWT-bearer grant)", Scenario.TOKEN_JWT_BEARER.noBaseline());
		assertEquals("no baseline (the baseline app has no users or sign-in page for the code flow)",
				Scenario.TOKEN_REFRESH.noBaseline());
	}

	@Test
	void theFloodScenarioIsChosenByKey() {
		Options flood = Options.parse("--scenarios=token-basic-under-flood", "--jar=x.jar");
		assertEquals(Set.of(Scenario.TOKEN_SECRET_UNDER_FLOOD), flood.scenarios());
		assertTrue(Scenario.TOKEN_SECRET_UNDER_FLOOD.underFlood());
		assertTrue(Scenario.TOKEN_SECRET_UNDER_FLOOD.issuesTokens());
		assertFalse(Scenario.TOKEN_SECRET.underFlood());
	}

	@Test
	void theMtlsScenariosAreChosenByKeyOrGroup() {
		Options one = Options.parse("--scenarios=token-mtls-full", "--jar=x.jar");
		assertEquals(Set.of(Scenario.TOKEN_MTLS_FULL), one.scenarios());
		assertFalse(one.startsBaseline(), "the baseline has no TLS connector");
		assertTrue(one.describe().contains("--scenarios=token-mtls-full"), one.describe());

		Set<Scenario> mtls = Set.of(Scenario.TOKEN_MTLS, Scenario.TOKEN_MTLS_RESUMED, Scenario.TOKEN_MTLS_FULL);
		assertEquals(mtls, Options.parse("--scenarios=mtls", "--jar=x.jar").scenarios());
		assertEquals(mtls,
				Options.parse("--scenarios=token-mtls,token-mtls-resumed,token-mtls-full", "--jar=x.jar").scenarios());
		Options all = Options.parse("--scenarios=all", "--jar=x.jar");
		assertEquals(Set.of(Scenario.values()), all.scenarios());
		assertTrue(all.startsBaseline());
		assertTrue(all.describe().contains("token-mtls-full"), all.describe());
		Options defaultAndOne = Options.parse("--scenarios=default,token-mtls", "--jar=x.jar");
		assertEquals(Scenario.defaults().size() + 1, defaultAndOne.scenarios().size());

		for (Scenario scenario : mtls) {
			assertTrue(scenario.usesTls());
			assertTrue(scenario.issuesTokens(), "each request signs a token");
			assertFalse(scenario.runsOnBaseline());
			assertEquals("no baseline (the baseline app has no TLS connector)", scenario.noBaseline());
			assertTrue(Options.USAGE.contains(scenario.key()), scenario.key());
		}
		assertEquals(Scenario.Tls.KEEP_ALIVE, Scenario.TOKEN_MTLS.tls());
		assertEquals(Scenario.Tls.RESUMED, Scenario.TOKEN_MTLS_RESUMED.tls());
		assertEquals(Scenario.Tls.FULL, Scenario.TOKEN_MTLS_FULL.tls());
		assertEquals(Scenario.Tls.NONE, Scenario.TOKEN_SECRET.tls());
	}

	@Test
	void theRefreshScenarioIsChosenByItsKey() {
		Options options = Options.parse("--scenarios=token-basic,token-refresh", "--jar=x.jar");
		assertEquals(Set.of(Scenario.TOKEN_SECRET, Scenario.TOKEN_REFRESH), options.scenarios());
		assertTrue(Options.USAGE.contains("token-refresh"));
		assertTrue(Scenario.TOKEN_REFRESH.issuesTokens(), "each refresh signs an access token");
		assertFalse(Options.parse("--scenarios=token-refresh", "--jar=x.jar").startsBaseline(),
				"no baseline starts for the refresh scenario alone");
	}

	@Test
	void theEstimateCountsJwtBearerOnTesseraOnly() {
		Duration withBaseline = Benchmark.estimate(Options.parse("--scenarios=token-basic,token-jwt-bearer",
				"--warmup=10s", "--duration=10s", "--connections=8", "--jar=x.jar"));
		Duration basicOnly = Benchmark.estimate(Options.parse("--scenarios=token-basic", "--warmup=10s",
				"--duration=10s", "--connections=8", "--jar=x.jar"));
		// one more scenario on one server (20 s) and its pool (20 s)
		assertEquals(Duration.ofSeconds(40), withBaseline.minus(basicOnly));
	}

	@Test
	void smokeShortensTheDefaultsButExplicitValuesWin() {
		Options options = Options.parse("--smoke", "--duration=1500ms", "--jar=x.jar");
		assertTrue(options.smoke());
		assertEquals(Duration.ofMillis(1500), options.duration());
		assertEquals(Duration.ofSeconds(1), options.warmup());
		assertEquals(List.of(4), options.connections());
	}

	@Test
	void parsesEveryForm() {
		Options options = Options.parse("--connections=8,32,64", "--duration=2m", "--warmup=0.5s", "--alg=es256",
				"--nodes=2", "--baseline=false", "--cache-ttl=5s", "--scenarios=jwks,token-basic",
				"--server-jvm-args=-Xmx1g -XX:+UseParallelGC", "--jar=x.jar");
		assertEquals(List.of(8, 32, 64), options.connections());
		assertEquals(Duration.ofMinutes(2), options.duration());
		assertEquals(Duration.ofMillis(500), options.warmup());
		assertEquals("ES256", options.algorithm());
		assertEquals(2, options.nodes());
		assertEquals(Duration.ofSeconds(5), options.cacheTtl());
		assertEquals(Set.of(Scenario.JWKS, Scenario.TOKEN_SECRET), options.scenarios());
		assertEquals(List.of("-Xmx1g", "-XX:+UseParallelGC"), options.serverJvmArgs());
		assertTrue(options.describe().contains("--connections=8,32,64"), options.describe());
	}

	@Test
	void refusesWhatItCannotRun() {
		assertThrows(IllegalArgumentException.class, () -> Options.parse("--alg=HS256", "--jar=x.jar"));
		assertThrows(IllegalArgumentException.class, () -> Options.parse("--connections=0", "--jar=x.jar"));
		assertThrows(IllegalArgumentException.class, () -> Options.parse("--duration=soon", "--jar=x.jar"));
		assertThrows(IllegalArgumentException.class, () -> Options.parse("--scenarios=login", "--jar=x.jar"));
		assertThrows(IllegalArgumentException.class, () -> Options.parse("--colour=blue", "--jar=x.jar"));
	}

}
