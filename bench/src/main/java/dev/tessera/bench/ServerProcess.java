package dev.tessera.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One server JVM started by the benchmark: its output goes to a log file (shown when it
 * fails to start), it counts as ready when its discovery document answers 200, and
 * closing it stops it gently (SIGTERM, so Spring closes its embedded PostgreSQL), then
 * forcibly, then stops any PostgreSQL it left behind in its data directory.
 */
final class ServerProcess implements AutoCloseable {

	private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);

	private final String name;

	private final Process process;

	private final Path log;

	private final Path postgresDataDir;

	private final URI baseUri;

	private ServerProcess(String name, Process process, Path log, Path postgresDataDir, URI baseUri) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.postgresDataDir = postgresDataDir;
		this.baseUri = baseUri;
	}

	/**
	 * @param env added to the child's environment; {@code TESSERA_*} and {@code SPRING_*}
	 * variables of this shell are removed first so that they cannot point a server
	 * elsewhere
	 * @param postgresDataDir where the server keeps an embedded PostgreSQL, to clean up
	 * after a forced stop, or {@code null}
	 */
	static ServerProcess start(String name, List<String> command, Map<String, String> env, Path log,
			Path postgresDataDir, URI baseUri) {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
		builder.environment().keySet().removeIf(k -> k.startsWith("TESSERA_") || k.startsWith("SPRING_"));
		builder.environment().putAll(env);
		try {
			return new ServerProcess(name, builder.start(), log, postgresDataDir, baseUri);
		}
		catch (IOException ex) {
			throw new BenchmarkException("could not start " + name + " (" + command.get(0) + "): " + ex.getMessage(),
					ex);
		}
	}

	String name() {
		return this.name;
	}

	URI baseUri() {
		return this.baseUri;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Polls {@code /.well-known/oauth-authorization-server} until it answers 200.
	 * @return how long the server took
	 * @throws BenchmarkException when the process exits or the time runs out; the message
	 * ends with the log's tail
	 */
	Duration awaitReady(Duration timeout, Deadline deadline) {
		long start = System.nanoTime();
		long end = deadline.endOr(timeout.toNanos());
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest probe = HttpRequest.newBuilder(this.baseUri.resolve("/.well-known/oauth-authorization-server"))
			.timeout(Duration.ofSeconds(5))
			.GET()
			.build();
		while (System.nanoTime() - end < 0) {
			if (!this.process.isAlive()) {
				throw new BenchmarkException(this.name + " exited with status " + this.process.exitValue()
						+ " before it was ready; the end of " + this.log + ":\n" + logTail(40));
			}
			try {
				HttpResponse<Void> response = http.send(probe, HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return Duration.ofNanos(System.nanoTime() - start);
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new BenchmarkException("interrupted while waiting for " + this.name, ex);
			}
			sleep(200);
		}
		throw new BenchmarkException(this.name + " was not ready after " + Durations.seconds(System.nanoTime() - start)
				+ "; the end of " + this.log + ":\n" + logTail(40));
	}

	/**
	 * @throws BenchmarkException naming the exit status (and a signal from outside, such
	 * as a {@code pkill} elsewhere on a shared machine) when the server is gone
	 */
	void checkAlive() {
		if (this.process.isAlive()) {
			return;
		}
		int status = this.process.exitValue();
		String cause = (status > 128) ? " (signal " + (status - 128) + ", sent from outside the benchmark)" : "";
		throw new BenchmarkException(this.name + " exited with status " + status + cause
				+ " during the run; the end of " + this.log + ":\n" + logTail(20));
	}

	String logTail(int lines) {
		try {
			List<String> all = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | RuntimeException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
					Log.line(this.name + " did not stop within " + Durations.format(GRACEFUL_STOP) + "; killing it");
					this.process.descendants().forEach(ProcessHandle::destroyForcibly);
					this.process.destroyForcibly();
					this.process.waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				this.process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
		stopOrphanedPostgres();
	}

	/**
	 * A server killed with SIGKILL leaves its detached postmaster running; stop it by its
	 * pid file.
	 */
	private void stopOrphanedPostgres() {
		if (this.postgresDataDir == null) {
			return;
		}
		Path pidFile = this.postgresDataDir.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		try {
			long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
			Optional<ProcessHandle> postmaster = ProcessHandle.of(pid)
				.filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
			postmaster.ifPresent(p -> {
				Log.line("stopping the PostgreSQL " + this.name + " left behind (pid " + pid + ")");
				p.destroy();
				try {
					p.onExit().get(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					p.destroyForcibly();
				}
			});
		}
		catch (IOException | RuntimeException ex) {
			// nothing we can do; the data directory is ours and temporary
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + this.process.pid() + ")";
	}

	private static java.io.File nullDevice() {
		return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BenchmarkException("interrupted", ex);
		}
	}

}
