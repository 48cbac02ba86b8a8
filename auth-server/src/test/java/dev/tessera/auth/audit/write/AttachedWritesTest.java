package dev.tessera.auth.audit.write;

import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.assertion.AssertionReplayGuard;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writes of one group-commit batch, on PostgreSQL with the driver settings the
 * server runs with ({@code reWriteBatchedInserts}): in a batch mixing fresh and used
 * assertions of several clients, exactly the used ones and the second use of a repeated
 * one are refused, and a statement whose row count the driver cannot tell fails the
 * batch rather than counting as applied.
 */
@TesseraServerTest
class AttachedWritesTest {

	static final String RECORD_USE = AssertionReplayGuard.RECORD_USE;

	static final OffsetDateTime NOW = OffsetDateTime.now(ZoneOffset.UTC);

	@Autowired
	DataSource dataSource;

	@Test
	void refusesExactlyTheUsedAndTheRepeated() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				assertThat(AttachedWrites.apply(connection, List.of(List.of(use("client-a", "used"))))).isEmpty();

				Map<Integer, AuditedWrite> refusals = AttachedWrites.apply(connection,
						List.of(List.of(use("client-b", "fresh")), List.of(use("client-a", "used")),
								List.of(use("client-c", "twice")), List.of(), List.of(use("client-c", "twice")),
								List.of(use("client-a", "other"))));

				assertThat(refusals).containsOnlyKeys(1, 4);
				assertThat(refusals.get(1).error()).isEqualTo("invalid_client");
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
				AuditedWrite expired = new AuditedWrite(RECORD_USE,
						List.of("client-d", "old", NOW.minusMinutes(10)), Map.of("error", "invalid_client"));
				assertThat(AttachedWrites.apply(connection, List.of(List.of(expired)))).isEmpty();
				assertThat(AttachedWrites.apply(connection, List.of(List.of(use("client-d", "old")), List.of(use("client-e", "x")))))
					.isEmpty();
			}
			finally {
				connection.rollback();
			}
		}
	}

	@Test
	void aBatchWhoseCountsAreUnknownFails() throws Exception {
		// a plain multi-row insert: the driver rewrites the batch and reports no per-row counts
		String plain = "insert into used_client_assertion (client_id, jti, expires_at) values (?, ?, ?)";
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				assertThatThrownBy(() -> AttachedWrites.apply(connection,
						List.of(List.of(new AuditedWrite(plain, List.of("client-f", "1", NOW), Map.of("error", "x"))),
								List.of(new AuditedWrite(plain, List.of("client-f", "2", NOW), Map.of("error", "x"))))))
					.isInstanceOf(java.sql.SQLException.class)
					.hasMessageContaining("not 0 or 1");
			}
			finally {
				connection.rollback();
			}
		}
	}

	static AuditedWrite use(String clientId, String jti) {
		return new AuditedWrite(RECORD_USE, List.of(clientId, jti, NOW.plusMinutes(5)),
				Map.of("error", "invalid_client", "reason", "assertion_replayed"));
	}

}
