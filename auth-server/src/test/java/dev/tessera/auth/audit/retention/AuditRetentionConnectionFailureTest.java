package dev.tessera.auth.audit.retention;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A retention run that stops because the database could not be reached or the connection
 * broke is told apart from the database refusing the month, so the operator is not sent
 * to examine a month that is fine: Spring's connection failures and SQL state class 08
 * anywhere in the causes are connection failures, everything else the database answered
 * is a refusal.
 */
class AuditRetentionConnectionFailureTest {

	@Test
	void lostOrUnobtainableConnectionsAreConnectionFailures() {
		assertThat(AuditRetention.connectionFailed(new CannotGetJdbcConnectionException("no connection",
				new SQLTransientConnectionException("pool timed out"))))
			.isTrue();
		assertThat(AuditRetention.connectionFailed(new CannotCreateTransactionException("begin",
				new SQLException("Connection to localhost:5432 refused", "08001"))))
			.isTrue();
		assertThat(AuditRetention.connectionFailed(new UncategorizedSQLException("select", "select 1",
				new SQLException("An I/O error occurred while sending to the backend.", "08006"))))
			.isTrue();
	}

	@Test
	void theDatabasesAnswersAreRefusals() {
		assertThat(AuditRetention.connectionFailed(new AuditRetention.Refused("chain would not leave as a prefix")))
			.isFalse();
		assertThat(AuditRetention.connectionFailed(new QueryTimeoutException("lock timeout",
				new SQLException("canceling statement due to lock timeout", "55P03"))))
			.isFalse();
		assertThat(AuditRetention.connectionFailed(
				new DataIntegrityViolationException("count changed", new SQLException("rows changed", "P0001"))))
			.isFalse();
	}

}
