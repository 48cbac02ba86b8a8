package dev.tessera.auth.config;

import java.io.EOFException;
import java.net.ConnectException;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which start-up failures are worth waiting out, and what the log may show of a URL. */
class DatabaseStartupWaitTest {

	@Test
	void connectionFailuresAndAServerStillStartingAreWaitedOut() {
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("refused", "08001"))).isTrue();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("broken", "08006"))).isTrue();
		assertThat(
				DatabaseStartupWait.isWorthWaitingFor(new SQLException("the database system is starting up", "57P03")))
			.isTrue();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("too many clients", "53300"))).isTrue();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("no state", null, new EOFException())))
			.isTrue();
	}

	@Test
	void credentialsAMissingDatabaseAndUnknownFailuresAreNot() {
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("password authentication failed", "28P01")))
			.isFalse();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("no pg_hba.conf entry", "28000"))).isFalse();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("database does not exist", "3D000")))
			.isFalse();
		assertThat(DatabaseStartupWait.isWorthWaitingFor(new SQLException("something else"))).isFalse();
	}

	@Test
	void theLoggedUrlHasNoParametersSoNoCredentials() {
		assertThat(DatabaseStartupWait
			.withoutParameters("jdbc:postgresql://db:5432/tessera?user=app&password=s3cret&sslmode=require"))
			.isEqualTo("jdbc:postgresql://db:5432/tessera");
		assertThat(DatabaseStartupWait.withoutParameters("jdbc:postgresql://db/tessera"))
			.isEqualTo("jdbc:postgresql://db/tessera");
	}

	@Test
	void theReasonGivesTheDriversWordsAndTheNetworksBelow() {
		assertThat(DatabaseStartupWait.reason(new SQLException("Connection to db:5432 refused.", "08001",
				new ConnectException("Connection refused"))))
			.isEqualTo("Connection to db:5432 refused. (ConnectException: Connection refused)");
		assertThat(DatabaseStartupWait
			.reason(new SQLException("The connection attempt failed.", "08001", new EOFException())))
			.isEqualTo("The connection attempt failed. (EOFException)");
	}

}
