package dev.tessera.auth.audit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.integrity.AuditVerification;
import dev.tessera.auth.audit.integrity.AuditVerifier;
import dev.tessera.auth.audit.write.AuditWriter;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A superuser who removes the oldest rows of a chain (what retention does, but without
 * retention's anchor) is found: the chain's first remaining row is reported. On a
 * database of its own, since it leaves the trail broken.
 */
@TesseraServerTest
@TestPropertySource(properties = "tessera.test.context=audit-tampering-oldest")
@DirtiesContext
class AuditTamperingOldestRowsTest {

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@Autowired
	AuditTrail trail;

	@Autowired
	AuditWriter writer;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	JdbcTemplate jdbc;

	@BeforeEach
	void setUp() throws SQLException {
		AuditTestSupport.assumeSuperuser(this.databaseUrl);
	}

	@Test
	void removingAChainsOldestRowsIsFound() throws SQLException {
		String tag = AuditTestSupport.tag();
		List<UUID> events = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			events.add(AuditTestSupport.record(this.trail, this.jdbc, tag + "-" + i, "192.0.2.7",
					"test." + tag + ".oldest", AuditOutcome.SUCCESS, AuditTrail.Actor.client("victim"), Map.of("i", i),
					null));
		}
		AuditVerification intact = this.verifier.verify();
		assertThat(intact.valid()).as(intact.toString()).isTrue();

		UUID chain = this.writer.chainId();
		long cut = seq(events.get(2));
		assertThat(this.jdbc.queryForObject("select min(seq) from audit_event where chain_id = ?", Long.class, chain))
			.as("the chain still starts at its genesis row")
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where operation = 'audit.retention'",
				Long.class))
			.as("no retention involved")
			.isZero();

		int removed = AuditTestSupport.asSuperuser(this.databaseUrl,
				"delete from audit_event where chain_id = ? and seq <= ?", chain, cut);
		assertThat(removed).isEqualTo((int) cut);
		assertThat(this.jdbc.queryForObject("select min(seq) from audit_event where chain_id = ?", Long.class, chain))
			.isEqualTo(seq(events.get(3)));

		AuditVerification result = this.verifier.verify();
		assertThat(result.valid()).isFalse();
		assertThat(result.firstBrokenId()).as("the chain's first remaining row").isEqualTo(events.get(3));
		assertThat(result.checked()).isPositive();
	}

	long seq(UUID id) {
		return this.jdbc.queryForObject("select seq from audit_event where id = ?", Long.class, id);
	}

}
