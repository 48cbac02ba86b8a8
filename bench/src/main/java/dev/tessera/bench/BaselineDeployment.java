package dev.tessera.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tessera.bench.baseline.PlainSpringAuthorizationServer;

/**
 * The baseline: {@link PlainSpringAuthorizationServer} started as its own JVM from the
 * benchmark's classes, on the same {@code java} as Tessera, with its own embedded
 * PostgreSQL and the same two clients (a BCrypt-hashed secret, as Spring's default
 * password encoder stores it, and a public key at a loopback JWKS URL).
 */
final class BaselineDeployment {

	static final String LABEL = "baseline (plain SAS)";

	private final ServerProcess server;

	private final Duration startTime;

	private final Target target;

	private BaselineDeployment(ServerProcess server, Duration startTime, Target target) {
		this.server = server;
		this.startTime = startTime;
		this.target = target;
	}

	static BaselineDeployment start(Options options, Path java, Path workDir, ClientKey clientKey, URI clientJwks,
			ChildProcesses children, Deadline deadline) {
		int port = FreePorts.next();
		String issuer = "http://localhost:" + port;
		Path dataDir = workDir.resolve("baseline");
		TesseraDeployment.createDirectories(dataDir);
		String secretClientId = "bench";
		String keyClientId = "bench-pkjwt";
		String secret = Secrets.clientSecret();
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
				"--spring.security.oauth2.authorizationserver.issuer=" + issuer,
				"--bench.data-dir=" + dataDir.resolve("postgres"), "--bench.client-id=" + secretClientId,
				"--bench.pkjwt-client-id=" + keyClientId, "--bench.pkjwt-jwk-set-url=" + clientJwks,
				"--bench.pkjwt-algorithm=" + clientKey.algorithm().getName()));
		List<String> command = JavaRuntime.benchClass(java, options.serverJvmArgs(),
				PlainSpringAuthorizationServer.class.getName(), args);
		URI base = URI.create("http://127.0.0.1:" + port);
		ServerProcess server = children.add(ServerProcess.start(LABEL, command, Map.of("BENCH_CLIENT_SECRET", secret),
				workDir.resolve("baseline.log"), dataDir.resolve("postgres"), base));
		Log.line("starting the baseline on " + base + " (pid " + server.pid() + ")");
		Duration took = server.awaitReady(TesseraDeployment.START_TIMEOUT, deadline);
		Log.line("the baseline is ready after " + Durations.seconds(took.toNanos()));
		AssertionPool assertions = AssertionPool.forClient(clientKey, keyClientId, issuer + "/oauth2/token");
		// no JWT-bearer client: Spring Authorization Server has no such grant; no refresh
		// client: this app has no users and no sign-in page for the code flow
		Target target = new Target(LABEL, "baseline", List.of(base), issuer, secretClientId, secret, assertions, null,
				null);
		return new BaselineDeployment(server, took, target);
	}

	Target target() {
		return this.target;
	}

	Duration startTime() {
		return this.startTime;
	}

	ServerProcess server() {
		return this.server;
	}

}
