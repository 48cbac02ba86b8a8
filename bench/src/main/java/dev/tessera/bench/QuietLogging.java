package dev.tessera.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps libraries running inside the benchmark's JVM (the embedded PostgreSQL of a
 * scale-out run) to warnings: without a configuration Logback prints DEBUG to standard
 * output, which is the report's. No {@code logback.xml} on the class path, because the
 * baseline server starts from the same classes and must keep Spring Boot's defaults.
 */
final class QuietLogging {

	private QuietLogging() {
	}

	static void apply() {
		if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
			root.setLevel(Level.WARN);
		}
	}

}
