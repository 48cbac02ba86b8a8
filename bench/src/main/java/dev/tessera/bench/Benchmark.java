package dev.tessera.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.springframework.boot.SpringBootVersion;
import org.springframework.security.core.SpringSecurityCoreVersion;

/**
 * Tessera's benchmark: starts the packaged auth server (one node, or several on one
 * database) and a plain Spring Authorization Server as the baseline, each on loopback
 * with PostgreSQL; warms both up the same way; drives each scenario with concurrent HTTP
 * clients for a fixed time; and reports requests/s and latency percentiles side by side,
 * against the machine's crypto floor. The baseline runs in the same invocation so that a
 * noisy shared machine shifts both sets of figures alike. Everything it starts ends with
 * it, and the whole run is bounded in time.
 *
 * <p>
 * A plain {@code main}: the benchmark itself starts no Spring context (the baseline runs
 * in its own JVM).
 */
public final class Benchmark {

	private Benchmark() {
	}

	public static void main(String[] args) {
		if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
			System.out.print(Options.USAGE);
			return;
		}
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("tessera-bench: " + ex.getMessage());
			System.err.print(Options.USAGE);
			System.exit(2);
			return;
		}
		try {
			Report report = run(options);
			System.out.println();
			System.out.print(report.markdown());
			System.out.flush();
			System.exit(0);
		}
		catch (BenchmarkException ex) {
			System.err.println("tessera-bench failed: " + ex.getMessage());
			System.exit(1);
		}
	}

	/**
	 * Runs the whole benchmark.
	 * @return what it measured; also written to {@code options.out()} when set
	 * @throws BenchmarkException when a server does not start or misbehaves, or the time
	 * limit is reached; every child process is stopped either way
	 */
	public static Report run(Options options) {
		Log.restartClock();
		QuietLogging.apply();
		long started = System.nanoTime();
		Instant date = Instant.now();
		String loadAtStart = RunInfo.loadAverage();
		if (!Files.isRegularFile(options.jar()) || sizeOf(options.jar()) < 1024 * 1024) {
			throw new BenchmarkException("no packaged auth server at " + options.jar()
					+ " (build it: mvn -B -q -DskipTests package), or name it with --jar");
		}
		Duration limit = (options.timeLimit() != null) ? options.timeLimit()
				: estimate(options).multipliedBy(3).dividedBy(2).plusMinutes(5);
		Deadline deadline = Deadline.after(limit);
		Path workDir = createWorkDir();
		boolean succeeded = false;
		Log.line("Tessera benchmark: " + options.describe());
		Log.line("plan: about " + Durations.format(estimate(options)) + ", hard limit " + Durations.format(limit)
				+ "; logs and data in " + workDir);
		try (ChildProcesses children = new ChildProcesses()) {
			Thread watchdog = watchdog(deadline, children);
			try {
				Report report = measure(options, date, loadAtStart, started, workDir, children, deadline);
				if (options.out() != null) {
					write(options.out(), report.markdown());
					Log.line("report written to " + options.out().toAbsolutePath());
				}
				succeeded = true;
				return report;
			}
			catch (BenchmarkException ex) {
				if (deadline.passed() && !ex.getMessage().contains("time limit")) {
					throw new BenchmarkException("the time limit of " + Durations.format(limit)
							+ " was reached (raise it with --time-limit): " + ex.getMessage(), ex);
				}
				throw ex;
			}
			finally {
				watchdog.interrupt();
			}
		}
		finally {
			if (succeeded && !options.keepWorkDir()) {
				deleteRecursively(workDir);
			}
			else {
				Log.line("server logs and data kept in " + workDir);
			}
		}
	}

	private static Report measure(Options options, Instant date, String loadAtStart, long started, Path workDir,
			ChildProcesses children, Deadline deadline) {
		Path java = JavaRuntime.serverJava();
		JavaRuntime.pinOwnJar(workDir);
		int cpus = Runtime.getRuntime().availableProcessors();
		Log.line("servers run on " + java);
		ClientKey clientKey = ClientKey.generate(options.assertionAlgorithm());
		PartnerIdentityProvider partner = null;
		if (options.scenarios().contains(Scenario.TOKEN_JWT_BEARER)) {
			partner = children.add(PartnerIdentityProvider.start());
			Log.line("serving the JWT-bearer partner's JWKS at " + partner.jwksUri());
		}
		TesseraDeployment tessera = TesseraDeployment.start(options, java, workDir, clientKey, partner, children,
				deadline);
		BaselineDeployment baseline = null;
		if (options.startsBaseline()) {
			ClientJwksServer jwks = children.add(ClientJwksServer.start(clientKey));
			baseline = BaselineDeployment.start(options, java, workDir, clientKey, jwks.uri(), children, deadline);
		}
		String tesseraProvider = tessera.signingProvider();
		boolean tesseraNative = CryptoFloor.NATIVE_PROVIDER.equals(tesseraProvider);
		Log.line("Tessera signs with " + ((tesseraProvider != null) ? tesseraProvider : "an unreported provider"));
		// the servers are started and idle: measure the floor of the provider Tessera
		// signs with
		List<CryptoFloor.Result> floors = new ArrayList<>();
		floors.add(floor(options, java, cpus, tesseraNative, children, deadline, "before"));
		// the JDK's own providers, which the baseline signs with, when Tessera uses
		// another
		List<CryptoFloor.Result> jdkFloors = new ArrayList<>();
		if (tesseraNative) {
			jdkFloors.add(floor(options, java, cpus, false, children, deadline, "before, JDK providers,"));
		}
		List<Target> targets = new ArrayList<>();
		targets.add(tessera.target());
		if (baseline != null) {
			targets.add(baseline.target());
		}

		List<ServerProcess> servers = new ArrayList<>(tessera.nodes());
		if (baseline != null) {
			servers.add(baseline.server());
		}
		ScenarioRunner runner = new ScenarioRunner(options, deadline);
		List<Row> rows = new ArrayList<>();
		for (Scenario scenario : Scenario.values()) {
			if (!options.scenarios().contains(scenario)) {
				continue;
			}
			for (Target target : targets) {
				if (target.isBaseline() && !scenario.runsOnBaseline()) {
					// the report says so in the comparison instead of giving a figure
					continue;
				}
				rows.addAll(runner.run(target, scenario, true));
				if (scenario == Scenario.TOKEN_SECRET && target.nodeCount() > 1) {
					// the same (warm) nodes, one of them only: what the round-robin adds
					Target single = target.firstNodeOnly("Tessera node 1 of " + target.nodeCount());
					rows.addAll(runner.run(single, scenario, false));
				}
				// a server that died makes every later figure meaningless: say which and
				// why
				servers.forEach(ServerProcess::checkAlive);
			}
		}

		floors.add(floor(options, java, cpus, tesseraNative, children, deadline, "after"));
		CryptoFloor.Result floor = floors.stream()
			.max(Comparator.comparingDouble(CryptoFloor.Result::perSecond))
			.orElseThrow();
		CryptoFloor.Result jdkFloor = null;
		if (tesseraNative) {
			jdkFloors.add(floor(options, java, cpus, false, children, deadline, "after, JDK providers,"));
			jdkFloor = jdkFloors.stream().max(Comparator.comparingDouble(CryptoFloor.Result::perSecond)).orElseThrow();
		}

		Propagation propagation = null;
		if (options.nodes() > 1) {
			String ttl = (options.cacheTtl() != null) ? Durations.format(options.cacheTtl()) + " (--cache-ttl)"
					: "30s (the server's default)";
			Duration ttlValue = (options.cacheTtl() != null) ? options.cacheTtl() : Duration.ofSeconds(30);
			Log.line("measuring how long a disabled client takes to reach node 2 (client cache TTL " + ttl + ")");
			propagation = PropagationProbe.measure(tessera.admin(), tessera.nodes().get(0).baseUri(),
					tessera.nodes().get(1).baseUri(), ttl, ttlValue.plusSeconds(30), deadline);
			Log.line(String.format(Locale.ROOT, "disabled client refused by node 1 after %s ms, by node 2 after %s ms",
					ReportTable.millis(propagation.throughNode().toNanos() / 1e6),
					ReportTable.millis(propagation.otherNode().toNanos() / 1e6)));
		}

		String audit = tessera.auditStatus();
		List<String> setup = new ArrayList<>();
		String database = (options.nodes() == 1) ? "on its own embedded PostgreSQL 17 (development mode)"
				: "on one shared embedded PostgreSQL 17 (fsync, synchronous_commit on), one issuer,"
						+ " round-robin by the load generator";
		String nodes = (options.nodes() == 1) ? "one node" : options.nodes() + " nodes";
		setup.add("Tessera: " + nodes + ", " + options.algorithm() + ", " + database + "; ready after "
				+ tessera.startTimes()
					.stream()
					.map(d -> Durations.seconds(d.toNanos()))
					.reduce((a, b) -> a + ", " + b)
					.orElse("?"));
		if (baseline != null) {
			setup.add("baseline: ready after " + Durations.seconds(baseline.startTime().toNanos()));
		}
		String stack = (baseline == null) ? null : "Spring Authorization Server "
				+ SpringSecurityCoreVersion.class.getPackage().getImplementationVersion() + " on Spring Boot "
				+ SpringBootVersion.getVersion() + ": JdbcRegisteredClientRepository, JdbcOAuth2AuthorizationService"
				+ " (a row per token), {bcrypt} client secret (default DelegatingPasswordEncoder), one RSA-2048 key"
				+ " generated at start, own embedded PostgreSQL 17 with Tessera's dev-database settings";
		String warmup = Durations.format(options.warmup()) + " per scenario and server at " + options.maxConnections()
				+ " connections before its timed phases (untimed), the same for every server";
		String serverJava = floor.javaVersion() + " (" + floor.javaVendor() + ", " + floor.javaHome() + ")";
		RunInfo info = new RunInfo(date, RunInfo.gitCommit(options.jar()), options.jar(), serverJava,
				System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")", cpus,
				RunInfo.readCpuModel(), RunInfo.describeOs(), options.describe(), warmup, audit, setup,
				options.baseline(), stack, loadAtStart + " at the start, " + RunInfo.loadAverage() + " at the end");
		List<String> notes = new ArrayList<>();
		if (options.scenarios().contains(Scenario.TOKEN_PRIVATE_KEY_JWT)) {
			notes.add("private_key_jwt: assertions are " + clientKey.algorithm() + " (" + options.assertionAlgorithm()
					+ " client key), each with a fresh jti, pre-signed outside the timed phases; the baseline reads"
					+ " the client's key from a loopback jwk-set-url (fetched once, cached), Tessera from its inline"
					+ " jwks.");
		}
		if (partner != null) {
			notes.add("jwt-bearer (RFC 7523 §2.1): a partner identity provider's RS256 assertions (aud = the token"
					+ " endpoint URL, each with a fresh jti, pre-signed outside the timed phases), exchanged by a"
					+ " client_secret_basic client; Tessera knows the partner as a trusted issuer and fetches its key"
					+ " from a loopback jwksUri (cached); " + Scenario.TOKEN_JWT_BEARER.noBaseline() + ".");
		}
		if (options.scenarios().contains(Scenario.TOKEN_REFRESH)) {
			notes.add("refresh_token: a USER-role person and a first-party confidential client (client_secret_basic,"
					+ " authorization_code + refresh_token) registered through the admin API; per connection the"
					+ " authorization code flow with PKCE (S256) runs once over HTTP, untimed (authorize, sign-in page,"
					+ " CSRF field, POST /login with the session cookie, back to authorize, the code from the redirect"
					+ " to the callback, exchanged with the verifier); the timed requests are POST /oauth2/token"
					+ " grant_type=refresh_token, each with the refresh token the connection's previous answer carried"
					+ " (a rotation chain; every answer must carry a new one, else it counts as an error and the"
					+ " chain starts again with the code flow, outside the latencies); "
					+ Scenario.TOKEN_REFRESH.noBaseline() + ".");
		}
		if (options.scenarios().stream().anyMatch(Scenario::usesTls)) {
			notes.add("mTLS (RFC 8705 tls_client_auth): Tessera's TLS port opened with a server certificate (EC P-256,"
					+ " for 127.0.0.1), its key and a client CA generated for the run (PEM files in TESSERA_TLS_*); a"
					+ " client_credentials client registered with tls_client_auth and the subject DN of its EC P-256"
					+ " certificate"
					+ (TesseraDeployment.MTLS_BOUND_TOKENS ? ", with certificate-bound tokens (each checked"
							+ " answer must carry cnf.x5t#S256 of that certificate)" : "")
					+ "; TLS as the JDK client negotiates it with Tessera (TLS 1.3). token mTLS keep-alive: one TLS"
					+ " connection per load connection; resumed: a new connection per request (Connection: close),"
					+ " resuming the client's session; full handshake: a new connection per request with an empty"
					+ " session cache. Each phase's note counts the connections and the full handshakes (the client's"
					+ " check of the server certificate, which a resumed session skips); the latency of a request"
					+ " includes its TCP connect and TLS handshake; " + Scenario.TOKEN_MTLS.noBaseline() + ".");
		}
		if (options.scenarios().contains(Scenario.TOKEN_SECRET_UNDER_FLOOD)) {
			boolean named = Scenario.floodNamesAddresses(options.scenarios());
			notes.add("token-basic-under-flood: the client_secret_basic load while " + FailureFlood.THREADS
					+ " threads send client_credentials requests with wrong secrets to the first node, "
					+ (named ? "half for the benchmark's client id and half for unknown ids, from "
							+ FailureFlood.ADDRESSES + " addresses named in X-Forwarded-For (loopback is a trusted"
							+ " proxy in this run)"
							: "for unknown client ids, from loopback itself (a run with mTLS scenarios trusts no proxy; the"
									+ " per-address bucket is widened so the clients the run creates later are not"
									+ " locked out)")
					+ "; " + Scenario.TOKEN_SECRET_UNDER_FLOOD.noBaseline() + ".");
		}
		if (cpus <= 4) {
			notes.add("With " + cpus + " CPUs the load generator competes with the server (and PostgreSQL) for the"
					+ " same cores: the figures are a lower bound of what the server does alone, for both servers"
					+ " alike.");
		}
		if (options.nodes() > 1 && cpus <= 4) {
			notes.add("Several nodes on " + cpus + " CPUs share the same cores: the round-robin figures show that the"
					+ " nodes work together on one database, not extra capacity.");
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		return new Report(info, floor, List.copyOf(floors), jdkFloor, List.copyOf(rows), propagation, notes, elapsed);
	}

	/** The crypto floor in a JVM of the servers' java, while no server is under load. */
	private static CryptoFloor.Result floor(Options options, Path java, int cpus, boolean nativeProvider,
			ChildProcesses children, Deadline deadline, String when) {
		CryptoFloor.Result floor = CryptoFloor.inChildJvm(java, options.serverJvmArgs(), options.algorithm(),
				options.floorDuration(), cpus, nativeProvider, children, deadline);
		Log.line(String.format(Locale.ROOT,
				"crypto floor (%s the load phases): %,.0f %s signatures/s on %d threads, %s, Java %s", when,
				floor.perSecond(), floor.algorithm(), floor.threads(), floor.provider(), floor.javaVersion()));
		return floor;
	}

	/**
	 * The run's expected length: phases, starts, the floor and the pools, for the default
	 * time limit.
	 */
	static Duration estimate(Options options) {
		int servers = options.startsBaseline() ? 2 : 1;
		// a scenario the baseline cannot serve runs on Tessera only
		long runs = options.scenarios()
			.stream()
			.mapToLong(s -> (options.startsBaseline() && s.runsOnBaseline()) ? 2 : 1)
			.sum();
		Duration perScenario = options.warmup().plus(options.duration().multipliedBy(options.connections().size()));
		Duration phases = perScenario.multipliedBy(runs);
		if (options.nodes() > 1 && options.scenarios().contains(Scenario.TOKEN_SECRET)) {
			phases = phases.plus(options.duration().multipliedBy(options.connections().size()));
		}
		Duration starts = Duration.ofSeconds(30).multipliedBy(options.nodes() + servers - 1L);
		Duration propagation = (options.nodes() > 1)
				? ((options.cacheTtl() != null) ? options.cacheTtl() : Duration.ofSeconds(30)) : Duration.ZERO;
		Duration pools = options.scenarios().contains(Scenario.TOKEN_PRIVATE_KEY_JWT)
				? options.duration().plus(options.warmup()).multipliedBy(servers) : Duration.ZERO;
		if (options.scenarios().contains(Scenario.TOKEN_JWT_BEARER)) {
			pools = pools.plus(options.duration().plus(options.warmup()));
		}
		if (options.scenarios().contains(Scenario.TOKEN_REFRESH)) {
			// a sign-in (a slow password hash) and a code flow per chain, chains kept
			// across phases
			pools = pools.plusMillis(500L * options.maxConnections() + 5_000);
		}
		// before and after the load, for Tessera's provider and (when it signs natively)
		// the JDK's
		Duration floors = options.floorDuration().plusSeconds(5).multipliedBy(4);
		return phases.plus(starts).plus(propagation).plus(pools).plus(floors);
	}

	/**
	 * At the deadline: stop every server, so whatever is waiting on one fails at once.
	 */
	private static Thread watchdog(Deadline deadline, ChildProcesses children) {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(Math.max(1, deadline.remaining().toMillis()));
				Log.line("time limit of " + Durations.format(deadline.limit()) + " reached: stopping every server");
				children.closeQuietly();
			}
			catch (InterruptedException ex) {
				// the run ended first
			}
		}, "tessera-bench-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		return watchdog;
	}

	private static Path createWorkDir() {
		try {
			return Files.createTempDirectory("tessera-bench-");
		}
		catch (IOException ex) {
			throw new BenchmarkException("cannot create a work directory: " + ex.getMessage(), ex);
		}
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static void write(Path out, String markdown) {
		try {
			Path parent = out.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.writeString(out, markdown, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new BenchmarkException("cannot write " + out + ": " + ex.getMessage(), ex);
		}
	}

	private static void deleteRecursively(Path dir) {
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			Log.line("could not delete " + dir + ": " + ex.getMessage());
		}
	}

}
