package dev.tessera.auth.support;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the {@link LogCapture} when the JUnit launcher session opens, before any test
 * class runs (registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}).
 */
public class LogCaptureSession implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		LogCapture.install();
	}

}
