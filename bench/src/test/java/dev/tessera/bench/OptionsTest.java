package dev.tessera.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
		assertEquals(Set.of(Scenario.values()), options.scenarios());
		assertEquals(Path.of("x.jar"), options.jar());
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
