package dev.tessera.auth.audit;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a database superuser can still do (bypass the append-only triggers) and how the
 * hash chain reveals it. Runs on a database of its own (a context no other class shares,
 * closed afterwards), since it leaves the trail broken.
 */
@TesseraServerTest
@TestPropertySource(properties = "tessera.test.context=audit-tampering")
@DirtiesContext
class AuditTamperingTest {

	@Value("${tessera.issuer}")
	String issuer;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@Autowired
	AuditHashChain hashes;

	@Autowired
	ClientRegistrar registrar;

	@Autowired
	AuditTrail trail;

	@Autowired
	JdbcTemplate jdbc;

	AdminApi auditor;

	@BeforeEach
	void setUp() throws SQLException {
		AuditTestSupport.assumeSuperuser(this.databaseUrl);
		this.auditor = AuditTestSupport.caller(this.issuer, this.registrar, "audit:read");
	}

	@Test
	void everyKindOfTamperingIsFound() throws SQLException {
		String tag = AuditTestSupport.tag();
		List<UUID> events = new ArrayList<>();
		for (int i = 1; i <= 7; i++) {
			events.add(AuditTestSupport.record(this.trail, this.jdbc, tag + "-" + i, "192.0.2.1",
					"test." + tag + ".tamper", AuditOutcome.SUCCESS, AuditTrail.Actor.client("victim"), Map.of("i", i),
					null));
		}
		Map<String, Object> intact = verify();
		assertThat(intact).containsEntry("valid", true).containsEntry("firstBrokenId", null);
		long checked = ((Number) intact.get("checked")).longValue();
		assertThat(checked).isGreaterThanOrEqualTo(7);

		// even a forger holding the chain key (the KEK too) who recomputes the row's own
		// hash breaks the next link
		UUID forged = events.get(5);
		Map<String, Object> row = this.jdbc.queryForMap("select * from audit_event where id = ?", forged);
		byte[] forgedHash = this.hashes.hash((byte[]) row.get("prev_hash"),
				new AuditRow(forged, (UUID) row.get("chain_id"), (Long) row.get("seq"),
						((java.sql.Timestamp) row.get("occurred_at")).toInstant(), (String) row.get("correlation_id"),
						(String) row.get("principal"), (String) row.get("principal_type"),
						(String) row.get("operation"), (String) row.get("source_ip"), "business_error",
						(String) row.get("detail"), (String) row.get("payload_ref"), null, null));
		tamper("update audit_event set outcome = 'business_error', hash = ? where id = ?", forgedHash, forged);
		assertThat(this.jdbc.queryForObject("select outcome from audit_event where id = ?", String.class, forged))
			.as("the superuser bypassed the trigger")
			.isEqualTo("business_error");
		assertBroken(events.get(6));

		// a row removed from the middle leaves a gap in seq, reported at the row after it
		tamper("delete from audit_event where id = ?", events.get(3));
		assertBroken(events.get(4));

		// a changed detail breaks the row's own hash; it is the earliest break now
		tamper("update audit_event set detail = '{\"x\":1}' where id = ?", events.get(1));
		assertBroken(events.get(1));

		// the API still shows the rows as stored
		Http.Response changed = this.auditor.get("/admin/api/audit?correlationId=" + tag + "-2");
		assertThat(changed.body()).contains("\"detail\":{\"x\":1}");
	}

	void assertBroken(UUID expected) {
		Map<String, Object> result = verify();
		assertThat(result).containsEntry("valid", false).containsEntry("firstBrokenId", expected.toString());
		assertThat(((Number) result.get("checked")).longValue()).isPositive();
	}

	Map<String, Object> verify() {
		Http.Response response = this.auditor.get("/admin/api/audit/verify");
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	void tamper(String sql, Object... parameters) throws SQLException {
		assertThat(AuditTestSupport.asSuperuser(this.databaseUrl, sql, parameters)).isEqualTo(1);
	}

}
