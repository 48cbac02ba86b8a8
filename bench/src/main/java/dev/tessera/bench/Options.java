package dev.tessera.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What one benchmark run does, parsed from {@code --name=value} arguments so the same
 * settings work from the launcher script, from CI and from a test. {@code --smoke} only
 * changes the defaults (seconds instead of minutes); explicit values still win.
 *
 * @param duration timed phase of each scenario at each connection count
 * @param warmup untimed phase before each scenario, per server, at the highest connection
 * count
 * @param connections the connection counts to measure, each one request in flight
 * @param algorithm Tessera's signing algorithm ({@code tessera.keys.algorithm}), also the
 * crypto floor's
 * @param nodes Tessera nodes on one database; above one they share a PostgreSQL started
 * by the benchmark and the load is spread round-robin
 * @param baseline whether to measure the plain Spring Authorization Server too
 * @param smoke short durations for CI
 * @param jar the packaged auth server
 * @param out where to write the report as Markdown, or {@code null}
 * @param cacheTtl passed to Tessera as {@code tessera.clients.cache-ttl}, or {@code null}
 * for the server's default
 * @param assertionAlgorithm how the benchmark's {@code private_key_jwt} client signs its
 * assertions
 * @param floorDuration how long the crypto floor signs
 * @param timeLimit hard bound of the whole run, or {@code null} for an estimate with room
 * to spare
 * @param scenarios which scenarios run (their keys)
 * @param keepWorkDir keep server logs and data after a successful run
 * @param serverJvmArgs extra JVM options for every server process (Tessera and baseline
 * alike)
 */
public record Options(Duration duration, Duration warmup, List<Integer> connections, String algorithm, int nodes,
		boolean baseline, boolean smoke, Path jar, Path out, Duration cacheTtl, String assertionAlgorithm,
		Duration floorDuration, Duration timeLimit, Set<Scenario> scenarios, boolean keepWorkDir,
		List<String> serverJvmArgs) {

	static final String USAGE = """
			Usage: tessera-bench [--option=value ...]
			  --duration=20s          timed phase per scenario and connection count
			  --warmup=60s            untimed warm-up per scenario and server (at the highest connection count)
			  --connections=8,32      connection counts (one request in flight per connection)
			  --alg=RS256             Tessera's signing algorithm: RS256, ES256 or PS256
			  --nodes=1               Tessera nodes on one database, load spread round-robin
			  --baseline=true         also measure a plain Spring Authorization Server (JDBC, BCrypt)
			  --smoke                 a few seconds per phase, 4 connections (CI)
			  --jar=PATH              the auth-server jar (default: auth-server/target/tessera-auth-server-*.jar)
			  --out=FILE              also write the report as Markdown
			  --cache-ttl=5s          Tessera's tessera.clients.cache-ttl (default: the server's own, 30s)
			  --assertion-alg=ES256   how the private_key_jwt client signs (ES256 or RS256)
			  --floor-duration=5s     how long the crypto floor signs
			  --time-limit=AUTO       hard bound of the whole run (default: the plan's estimate x 1.5 + 5 min)
			  --scenarios=LIST        token-basic,token-pkjwt,token-jwt-bearer,token-refresh,introspection,jwks,
			                          token-mtls,token-mtls-resumed,token-mtls-full; also all, default, mtls
			                          (default: all but the mTLS ones)
			  --server-jvm-args=ARGS  extra JVM options for every server, space separated
			  --keep-work-dir         keep server logs and data after a successful run
			The servers run on $JAVA_HOME/bin/java when JAVA_HOME is set, else on this JVM's java.
			""";

	private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

	public Options {
		if (connections.isEmpty() || connections.stream().anyMatch(c -> c < 1 || c > 1024)) {
			throw new IllegalArgumentException("--connections must be between 1 and 1024: " + connections);
		}
		if (nodes < 1 || nodes > 8) {
			throw new IllegalArgumentException("--nodes must be between 1 and 8: " + nodes);
		}
		if (!Set.of("RS256", "ES256", "PS256").contains(algorithm)) {
			throw new IllegalArgumentException("--alg must be RS256, ES256 or PS256: " + algorithm);
		}
		if (!Set.of("RS256", "ES256").contains(assertionAlgorithm)) {
			throw new IllegalArgumentException("--assertion-alg must be RS256 or ES256: " + assertionAlgorithm);
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("--duration must be positive");
		}
		if (scenarios.isEmpty()) {
			throw new IllegalArgumentException("--scenarios names none");
		}
		connections = List.copyOf(connections);
		scenarios = Set.copyOf(scenarios);
		serverJvmArgs = List.copyOf(serverJvmArgs);
	}

	/**
	 * The defaults of a full run, with the auth-server jar found from the working
	 * directory.
	 */
	public static Options defaults() {
		return parse();
	}

	/**
	 * @throws IllegalArgumentException for an unknown option or a bad value
	 */
	public static Options parse(String... args) {
		boolean smoke = Arrays.asList(args).contains("--smoke") || Arrays.asList(args).contains("--smoke=true");
		Duration duration = smoke ? Duration.ofSeconds(2) : Duration.ofSeconds(20);
		Duration warmup = smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(60);
		List<Integer> connections = smoke ? List.of(4) : List.of(8, 32);
		String algorithm = "RS256";
		int nodes = 1;
		boolean baseline = true;
		Path jar = null;
		Path out = null;
		Duration cacheTtl = smoke ? Duration.ofSeconds(2) : null;
		String assertionAlgorithm = "ES256";
		Duration floorDuration = smoke ? Duration.ofMillis(500) : Duration.ofSeconds(5);
		Duration timeLimit = null;
		Set<Scenario> scenarios = Scenario.defaults();
		boolean keepWorkDir = false;
		List<String> serverJvmArgs = List.of();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("not an option: " + arg);
			}
			int eq = arg.indexOf('=');
			String name = (eq < 0) ? arg.substring(2) : arg.substring(2, eq);
			String value = (eq < 0) ? "true" : arg.substring(eq + 1);
			switch (name) {
				case "smoke" -> smoke = Boolean.parseBoolean(value);
				case "duration" -> duration = duration(name, value);
				case "warmup" -> warmup = duration(name, value);
				case "connections" -> connections = integers(name, value);
				case "alg" -> algorithm = value.toUpperCase(Locale.ROOT);
				case "nodes" -> nodes = integer(name, value);
				case "baseline" -> baseline = bool(name, value);
				case "jar" -> jar = Path.of(value);
				case "out" -> out = Path.of(value);
				case "cache-ttl" -> cacheTtl = "default".equals(value) ? null : duration(name, value);
				case "assertion-alg" -> assertionAlgorithm = value.toUpperCase(Locale.ROOT);
				case "floor-duration" -> floorDuration = duration(name, value);
				case "time-limit" -> timeLimit = "auto".equalsIgnoreCase(value) ? null : duration(name, value);
				case "scenarios" -> scenarios = Scenario.parseList(value);
				case "keep-work-dir" -> keepWorkDir = bool(name, value);
				case "server-jvm-args" ->
					serverJvmArgs = Stream.of(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
				default -> throw new IllegalArgumentException("unknown option --" + name);
			}
		}
		if (jar == null) {
			jar = findAuthServerJar();
		}
		return new Options(duration, warmup, connections, algorithm, nodes, baseline, smoke, jar, out, cacheTtl,
				assertionAlgorithm, floorDuration, timeLimit, scenarios, keepWorkDir, serverJvmArgs);
	}

	/**
	 * Whether the baseline server starts: asked for, and at least one chosen scenario
	 * runs on it (Spring Authorization Server has no JWT-bearer grant, for one).
	 */
	public boolean startsBaseline() {
		return this.baseline && this.scenarios.stream().anyMatch(Scenario::runsOnBaseline);
	}

	/** The highest connection count: warm-ups run at it. */
	public int maxConnections() {
		return this.connections.stream().mapToInt(Integer::intValue).max().orElseThrow();
	}

	/** The arguments that reproduce these options, for the report's header. */
	public String describe() {
		List<String> parts = new ArrayList<>();
		parts.add("--duration=" + Durations.format(this.duration));
		parts.add("--warmup=" + Durations.format(this.warmup));
		parts.add("--connections=" + this.connections.stream().map(String::valueOf).collect(Collectors.joining(",")));
		parts.add("--alg=" + this.algorithm);
		parts.add("--nodes=" + this.nodes);
		parts.add("--baseline=" + this.baseline);
		parts.add("--assertion-alg=" + this.assertionAlgorithm);
		if (this.cacheTtl != null) {
			parts.add("--cache-ttl=" + Durations.format(this.cacheTtl));
		}
		if (this.smoke) {
			parts.add("--smoke");
		}
		if (!this.scenarios.equals(Scenario.defaults())) {
			parts.add("--scenarios=" + Scenario.keys(this.scenarios));
		}
		if (!this.serverJvmArgs.isEmpty()) {
			parts.add("--server-jvm-args=" + String.join(" ", this.serverJvmArgs));
		}
		return String.join(" ", parts);
	}

	/**
	 * {@code auth-server/target/tessera-auth-server-*.jar} under the project root the
	 * launcher names ({@code -Dtessera.bench.root}), the working directory or its parent.
	 */
	static Path findAuthServerJar() {
		List<Path> roots = new ArrayList<>();
		String root = System.getProperty("tessera.bench.root");
		if (root != null && !root.isBlank()) {
			roots.add(Path.of(root));
		}
		Path cwd = Path.of("").toAbsolutePath();
		roots.add(cwd);
		if (cwd.getParent() != null) {
			roots.add(cwd.getParent());
		}
		for (Path candidate : roots) {
			Path target = candidate.resolve("auth-server").resolve("target");
			if (!Files.isDirectory(target)) {
				continue;
			}
			try (Stream<Path> files = Files.list(target)) {
				Path found = files.filter(p -> p.getFileName().toString().matches("tessera-auth-server-.*\\.jar"))
					.sorted()
					.findFirst()
					.orElse(null);
				if (found != null) {
					return found.toAbsolutePath().normalize();
				}
			}
			catch (java.io.IOException ex) {
				// try the next root
			}
		}
		return cwd.resolve("auth-server/target/tessera-auth-server-0.1.0-SNAPSHOT.jar");
	}

	private static Duration duration(String name, String value) {
		Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
		if (!m.matches()) {
			throw new IllegalArgumentException("--" + name + " is not a duration (like 20s, 500ms, 2m): " + value);
		}
		double amount = Double.parseDouble(m.group(1));
		String unit = (m.group(2) != null) ? m.group(2) : "s";
		double millis = switch (unit) {
			case "ms" -> amount;
			case "m" -> amount * 60_000;
			case "h" -> amount * 3_600_000;
			default -> amount * 1000;
		};
		return Duration.ofMillis(Math.round(millis));
	}

	private static List<Integer> integers(String name, String value) {
		List<Integer> values = new ArrayList<>();
		for (String part : value.split(",")) {
			if (!part.isBlank()) {
				values.add(integer(name, part.trim()));
			}
		}
		return values;
	}

	private static int integer(String name, String value) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " is not a number: " + value);
		}
	}

	private static boolean bool(String name, String value) {
		if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
			throw new IllegalArgumentException("--" + name + " must be true or false: " + value);
		}
		return Boolean.parseBoolean(value);
	}

}
