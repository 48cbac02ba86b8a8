package dev.tessera.auth.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link DatabaseUnreachableException} into Spring Boot's start-up report: what
 * happened, then what to check, instead of a stack trace.
 */
public class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<DatabaseUnreachableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DatabaseUnreachableException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Check that PostgreSQL is running and reachable from this host at " + cause.where()
						+ " (host, port, firewall, DNS, TLS settings of the URL), then start again. If it only needs "
						+ "longer to come up, raise tessera.database.startup-timeout "
						+ "(TESSERA_DATABASE_STARTUP_TIMEOUT). The process exits with status "
						+ DatabaseUnreachableException.EXIT_STATUS + ".",
				cause);
	}

}
