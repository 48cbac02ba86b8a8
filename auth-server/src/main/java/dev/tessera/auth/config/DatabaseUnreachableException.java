package dev.tessera.auth.config;

import java.time.Duration;

import org.springframework.boot.ExitCodeGenerator;

/**
 * A node gave up waiting for its database at start ({@link DatabaseStartupWait}): the
 * message says where it looked, for how long, the last error and what to check. The
 * process exits with status {@value #EXIT_STATUS} (EX_TEMPFAIL: try again later), so a
 * supervisor or an operator can tell "database away" from a configuration error.
 */
public class DatabaseUnreachableException extends RuntimeException implements ExitCodeGenerator {

	/** sysexits.h EX_TEMPFAIL. */
	public static final int EXIT_STATUS = 75;

	private final String where;

	public DatabaseUnreachableException(String where, String role, Duration waited, Duration timeout,
			String lastError) {
		// no cause: the driver's exception may name the URL with its parameters
		super("No database answered at " + where + " (role " + role + ") within tessera.database.startup-timeout "
				+ timeout.toSeconds() + " s (waited " + waited.toSeconds() + " s); last error: " + lastError);
		this.where = where;
	}

	/** The JDBC URL without its parameters. */
	public String where() {
		return this.where;
	}

	@Override
	public int getExitCode() {
		return EXIT_STATUS;
	}

}
