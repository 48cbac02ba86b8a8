package dev.tessera.auth.audit;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.integrity.AuditVerification;
import dev.tessera.auth.audit.integrity.AuditVerifier;
import dev.tessera.auth.audit.retention.AuditRetention;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code audit.retention} event is what vouches for a chain that no longer starts at
 * seq 1; a superuser who removes it takes that proof away and the cut chain is reported.
 * On a database of its own, since it leaves the trail broken.
 */
@TesseraServerTest
@TestPropertySource(properties = "tessera.test.context=audit-tampering-retention-event")
@DirtiesContext
class AuditTamperingRetentionEventTest {

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@Autowired
	AuditTrail trail;

	@Autowired
	AuditRetention retention;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void setUp() throws SQLException {
		AuditTestSupport.assumeSuperuser(this.databaseUrl);
		AuditTestSupport.allowRetentionOfRecentRows(this.databaseUrl);
	}

	@Test
	void removingTheRetentionEventIsFound() throws SQLException {
		String tag = AuditTestSupport.tag();
		UUID first = record(tag, 1);
		UUID second = record(tag, 2);
		UUID third = record(tag, 3);
		Instant cutoff = this.jdbc
			.queryForObject("select occurred_at from audit_event where id = ?", java.sql.Timestamp.class, second)
			.toInstant();

		assertThat(this.retention.runOnce(cutoff).removed()).isPositive();
		assertThat(this.jdbc.queryForList("select id from audit_event", UUID.class)).doesNotContain(first)
			.contains(second, third);
		assertThat(this.jdbc.queryForObject("select seq from audit_event where id = ?", Long.class, second))
			.isGreaterThan(1);
		AuditVerification anchored = this.verifier.verify();
		assertThat(anchored.valid()).as("anchored by the retention event: " + anchored).isTrue();

		UUID move = this.jdbc.queryForObject("select id from audit_event where operation = 'audit.retention'",
				UUID.class);
		assertThat(AuditTestSupport.asSuperuser(this.databaseUrl, "delete from audit_event where id = ?", move))
			.isEqualTo(1);

		AuditVerification result = this.verifier.verify();
		assertThat(result.valid()).isFalse();
		assertThat(result.firstBrokenId()).as("the cut chain's first remaining row, now without an anchor")
			.isEqualTo(second);
	}

	UUID record(String tag, int i) {
		return AuditTestSupport.record(this.trail, this.jdbc, tag + "-" + i, "192.0.2.8", "test." + tag,
				AuditOutcome.SUCCESS, AuditTrail.Actor.system("retention-event-test"), Map.of("i", i), null);
	}

}
