package dev.tessera.auth.audit.retention;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node whose archive directory is broken stays DOWN in {@code auditRetention} while
 * another node holds the retention lock: skipping a run proves nothing about its own
 * directory.
 */
@TesseraServerTest
class AuditRetentionFailureStandsTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	AuditTrail trail;

	@Autowired
	JsonMapper json;

	@Test
	void aRunSkippedForAnotherNodesLockDoesNotClearTheFailure() throws Exception {
		Path notADirectory = Files.createTempFile("audit-archive-", ".blocked");
		AuditRetention broken = new AuditRetention(this.dataSource, this.transactions, this.trail, notADirectory,
				Duration.ofDays(1), Clock.systemUTC(), this.json);
		AuditRetentionHealth health = new AuditRetentionHealth(broken);
		assertThatThrownBy(() -> broken.runOnce(Instant.now())).isInstanceOf(UncheckedIOException.class);
		assertThat(broken.lastFailure()).isNotNull();
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

		try (Connection otherNode = this.dataSource.getConnection();
				Statement statement = otherNode.createStatement()) {
			statement.execute("select pg_advisory_lock(" + AuditRetention.LOCK + ")");
			try {
				assertThat(broken.runOnce(Instant.now()).removed()).isZero();
			}
			finally {
				statement.execute("select pg_advisory_unlock(" + AuditRetention.LOCK + ")");
			}
		}
		assertThat(broken.lastFailure()).as("still failing: its directory was not tried").isNotNull();
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
	}

}
