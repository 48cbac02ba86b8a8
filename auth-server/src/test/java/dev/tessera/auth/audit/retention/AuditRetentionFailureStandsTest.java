package dev.tessera.auth.audit.retention;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditMonths;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node whose archive directory is broken stays DOWN in {@code auditRetention} while
 * another node holds the retention lock: skipping a run proves nothing about its own
 * directory. (It tries an empty old month, made for it and dropped after.)
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

	@Autowired
	AuditHashChain hashes;

	@Autowired
	JdbcTemplate jdbc;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@Test
	void aRunSkippedForAnotherNodesLockDoesNotClearTheFailure() throws Exception {
		Path notADirectory = Files.createTempFile("audit-archive-", ".blocked");
		AuditMonths months = new AuditMonths(this.databaseUrl, this.jdbc, this.hashes).create(-3, -3);
		AuditRetention broken = new AuditRetention(this.dataSource, this.transactions, this.trail, this.hashes,
				notADirectory, Duration.ofDays(1), Clock.systemUTC(), this.json);
		AuditRetentionHealth health = new AuditRetentionHealth(broken);
		assertThatThrownBy(() -> broken.runOnce(AuditMonths.month(-2))).isInstanceOf(UncheckedIOException.class);
		assertThat(broken.lastFailure()).isNotNull();
		assertThat(broken.failing()).as("the tessera.audit.retention.failing gauge").isEqualTo(1);
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

		try (Connection otherNode = this.dataSource.getConnection();
				Statement statement = otherNode.createStatement()) {
			statement.execute("select pg_advisory_lock(" + AuditRetention.LOCK + ")");
			try {
				assertThat(broken.runOnce(AuditMonths.month(-2)).removed()).isZero();
			}
			finally {
				statement.execute("select pg_advisory_unlock(" + AuditRetention.LOCK + ")");
			}
		}
		assertThat(broken.lastFailure()).as("still failing: its directory was not tried").isNotNull();
		assertThat(broken.failing()).isEqualTo(1);
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		months.dropBefore(-1);
	}

}
