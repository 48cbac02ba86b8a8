package dev.tessera.auth.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.slf4j.LoggerFactory;

/**
 * Starts the {@link LogCapture} when the JUnit launcher session opens, before any test
 * class runs (a JVM of the default surefire execution first removes what earlier builds
 * left in {@code target/log-scan/}); when the session closes, after the last test of
 * every engine (Jupiter and jqwik), records the secrets the dev bootstrap wrote to the
 * servers' data directories and leaves the canary the log scan looks for: a line logged
 * through Logback and a value recorded as a secret ({@link LogScanRun#canaryLine},
 * {@link LogScanRun#canarySecret}), so the scan can tell that this JVM's output and
 * secrets reached its files. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public class LogCaptureSession implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		if (LogScanRun.fromMaven() && !LogScanRun.scanning()) {
			LogScanRun.removeEarlierBuilds();
		}
		LogCapture.install();
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		long pid = ProcessHandle.current().pid();
		LoggedSecrets.record(LogScanRun.canarySecret(pid));
		int recorded = LoggedSecrets.values().size();
		LoggerFactory.getLogger(LogCaptureSession.class)
			.info("{} ({} secrets recorded)", LogScanRun.canaryLine(pid), recorded);
	}

}
