package dev.tessera.auth.config.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM killed with {@code kill -9} leaves its embedded postmaster running on the data
 * directory, and the next start would fail on {@code postmaster.pid}. This finds such an
 * orphan (the pid file names a live {@code postgres} process) and stops it, fast shutdown
 * first (SIGTERM), forcibly only if it does not go.
 */
final class OrphanedPostmaster {

	private static final Logger log = LoggerFactory.getLogger(OrphanedPostmaster.class);

	private OrphanedPostmaster() {
	}

	static void stopIfRunning(Path dataDir) throws IOException {
		Path pidFile = dataDir.resolve("postmaster.pid");
		if (!Files.isRegularFile(pidFile)) {
			return;
		}
		List<String> lines = Files.readAllLines(pidFile);
		if (lines.isEmpty()) {
			return;
		}
		long pid;
		try {
			pid = Long.parseLong(lines.get(0).trim());
		}
		catch (NumberFormatException ex) {
			return;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(pid)
			.filter(ProcessHandle::isAlive)
			.filter(OrphanedPostmaster::isPostgres);
		if (process.isEmpty()) {
			return; // a stale pid file: PostgreSQL itself ignores it
		}
		log.warn("Stopping an orphaned embedded PostgreSQL (pid {}) left running on {}", pid, dataDir);
		ProcessHandle handle = process.get();
		handle.destroy();
		if (!waitForExit(handle, Duration.ofSeconds(15))) {
			handle.destroyForcibly();
			waitForExit(handle, Duration.ofSeconds(5));
		}
	}

	private static boolean isPostgres(ProcessHandle handle) {
		return handle.info().command().map(command -> command.endsWith("postgres")).orElse(false);
	}

	private static boolean waitForExit(ProcessHandle handle, Duration timeout) {
		try {
			handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (Exception ex) {
			return !handle.isAlive();
		}
	}

}
