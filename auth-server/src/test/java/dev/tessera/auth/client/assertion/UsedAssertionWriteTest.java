package dev.tessera.auth.client.assertion;

import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.assertion.UsedAssertionWrite.Use;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statement that records assertion uses with the audit event, batched on PostgreSQL
 * with the driver settings the server runs with ({@code reWriteBatchedInserts}): each use
 * reports its own count, 1 for a first use and 0 for a replay (also within one batch),
 * and a row expired on the database's clock may be taken over.
 */
@TesseraServerTest
class UsedAssertionWriteTest {

	static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

	final UsedAssertionWrite write = UsedAssertionWrite.INSTANCE;

	@Autowired
	DataSource dataSource;

	@Test
	void aBatchCountsEachUseApartFirstUsesOneReplaysNone() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				assertThat(this.write.apply(connection, List.of(use("client-a", "used")))).containsExactly(1);
				assertThat(
						this.write.apply(connection,
								List.of(use("client-a", "other"), use("client-a", "used"), use("client-b", "fresh"),
										use("client-c", "twice"), use("client-c", "twice"))))
					.containsExactly(1, 0, 1, 1, 0);
			}
			finally {
				connection.rollback();
			}
		}
	}

	@Test
	void anExpiredUseMayBeTakenOver() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				Use expired = new Use("client-d", "old", NOW.minusSeconds(600));
				assertThat(this.write.apply(connection, List.of(expired))).containsExactly(1);
				assertThat(this.write.apply(connection, List.of(use("client-d", "old"), use("client-e", "x"))))
					.containsExactly(1, 1);
			}
			finally {
				connection.rollback();
			}
		}
	}

	@Test
	void aReplayIsRecordedAsAFailedClientAuthentication() {
		assertThat(this.write.refusal(use("client-f", "x"))).containsEntry("error", "invalid_client")
			.containsEntry("stage", "client_authentication")
			.containsEntry("reason", "assertion_replayed");
	}

	static Use use(String clientId, String jti) {
		return new Use(clientId, jti, NOW.plusSeconds(300));
	}

}
