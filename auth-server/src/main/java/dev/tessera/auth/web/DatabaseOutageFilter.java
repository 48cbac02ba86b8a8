package dev.tessera.auth.web;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While PostgreSQL is unreachable, every request that needs it answers
 * {@code 503 temporarily_unavailable} with {@code Retry-After} (RFC 6749 JSON on the
 * OAuth endpoints, problem JSON elsewhere), whichever part of the request first found the
 * database gone: the client lookup, the key set, the audit writer. Without this, only the
 * audit path said so and everything else became a {@code 500 server_error}.
 */
public class DatabaseOutageFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

	/** Seconds a client should wait before retrying during a database outage. */
	public static final String RETRY_AFTER_SECONDS = "5";

	private static final long WARNING_INTERVAL_NANOS = 10_000_000_000L;

	private static final AtomicLong lastWarning = new AtomicLong();

	private static final String DESCRIPTION = "The database is unavailable; retry shortly";

	private final ErrorResponses errors;

	public DatabaseOutageFilter(ErrorResponses errors) {
		this.errors = errors;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (ServletException | RuntimeException ex) {
			if (!isOutage(ex) || response.isCommitted()) {
				throw ex;
			}
			logOutage(request.getMethod() + " " + request.getRequestURI(), ex);
			unavailable(request, response);
		}
	}

	/** Whether the failure is the database being away, rather than a bug or bad data. */
	public static boolean isOutage(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException || cause instanceof CannotGetJdbcConnectionException
					|| cause instanceof DataAccessResourceFailureException
					|| cause instanceof TransientDataAccessResourceException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException || isConnectionState(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * SQLSTATE class 08 (a connection exception), or the pool's own "Connection is
	 * closed" (Hikari gives it no state): what a rollback on a connection the outage
	 * broke reports, and Spring then throws that failure instead of the query's.
	 */
	private static boolean isConnectionState(Throwable cause) {
		if (!(cause instanceof SQLException sql)) {
			return false;
		}
		return (sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
				|| "Connection is closed".equals(sql.getMessage());
	}

	private void unavailable(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
		this.errors.write(request, response, HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", DESCRIPTION);
	}

	/**
	 * Logs a request refused for the outage: a warning at most every ten seconds, the
	 * rest at debug, so an outage under load does not become thousands of identical
	 * lines.
	 */
	public static void logOutage(String what, Throwable failure) {
		long now = System.nanoTime();
		long last = lastWarning.get();
		if ((now - last > WARNING_INTERVAL_NANOS || last == 0) && lastWarning.compareAndSet(last, now)) {
			log.warn("{} answered 503: the database is unreachable ({}); further refusals for 10 s at debug", what,
					rootMessage(failure));
		}
		else {
			log.debug("{} answered 503: the database is unreachable", what);
		}
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + ": " + root.getMessage();
	}

}
