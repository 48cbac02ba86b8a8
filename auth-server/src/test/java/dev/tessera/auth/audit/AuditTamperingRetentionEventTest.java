package dev.tessera.auth.audit;

import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.integrity.AuditHashChain;
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
	AuditRetention retention;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditHashChain hashes;

	@BeforeEach
	void setUp() throws SQLException {
		AuditTestSupport.assumeSuperuser(this.databaseUrl);
	}

	@Test
	void removingTheRetentionEventIsFound() throws SQLException {
		AuditMonths months = new AuditMonths(this.databaseUrl, this.jdbc, this.hashes).create(-4, -3);
		AuditMonths.Chain chain = months.chain().add(AuditMonths.month(-4), 3).add(AuditMonths.month(-3), 2);

		assertThat(this.retention.runOnce(AuditMonths.month(-3)).removed()).isEqualTo(3);
		assertThat(this.jdbc.queryForList("select seq from audit_event where chain_id = ? order by seq", Long.class,
				chain.id()))
			.containsExactly(4L, 5L);
		AuditVerification anchored = this.verifier.verify();
		assertThat(anchored.valid()).as("anchored by the retention event: " + anchored).isTrue();

		UUID move = this.jdbc.queryForObject("select id from audit_event where operation = 'audit.retention'",
				UUID.class);
		assertThat(AuditTestSupport.asSuperuser(this.databaseUrl, "delete from audit_event where id = ?", move))
			.isEqualTo(1);

		AuditVerification result = this.verifier.verify();
		assertThat(result.valid()).isFalse();
		assertThat(result.firstBrokenId()).as("the cut chain's first remaining row, now without an anchor")
			.isEqualTo(chain.seq(4).id());
	}

}
