package dev.tessera.auth.audit;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.integrity.AuditVerification;
import dev.tessera.auth.audit.integrity.AuditVerifier;
import dev.tessera.auth.audit.retention.AuditRetention;
import dev.tessera.auth.audit.rollup.AuditRollup;
import dev.tessera.auth.audit.rollup.AuditRollupRule;
import dev.tessera.auth.audit.rollup.AuditRollupWriter;
import dev.tessera.auth.audit.write.AuditWriter;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention anchors with several nodes writing: every chain retention cuts gets its own
 * anchor, and each remaining chain verifies from it. On a database of its own, since
 * retention removes rows.
 */
@TesseraServerTest
@TestPropertySource(properties = "tessera.test.context=audit-retention-anchors")
@DirtiesContext
class AuditRetentionAnchorsTest {

	@Autowired
	AuditTrail trail;

	@Autowired
	AuditWriter writer;

	@Autowired
	AuditRetention retention;

	@Autowired
	AuditVerifier verifier;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	AuditHashChain hashes;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	@BeforeEach
	void setUp() {
		AuditTestSupport.allowRetentionOfRecentRows(this.databaseUrl);
	}

	@Test
	void everyCutChainIsAnchoredAtItsLastRemovedRow() throws ParseException {
		String tag = AuditTestSupport.tag();
		AuditWriter otherWriter = new AuditWriter(this.dataSource, this.hashes,
				new AuditRollupWriter(new AuditRollup(new AuditRollupRule("token.issue", "scope", "error"))), 10, 100);
		otherWriter.start();
		try {
			AuditTrail otherNode = new AuditTrail(otherWriter, Clock.systemUTC(), Duration.ofSeconds(10));
			UUID[] here = new UUID[3];
			UUID[] there = new UUID[3];
			for (int i = 0; i < 3; i++) {
				here[i] = record(this.trail, tag + "-here-" + i, tag);
				there[i] = record(otherNode, tag + "-there-" + i, tag);
			}
			assertThat(chainOf(here[0])).isEqualTo(this.writer.chainId());
			assertThat(chainOf(there[0])).isEqualTo(otherWriter.chainId()).isNotEqualTo(this.writer.chainId());

			// cut both chains after their second row
			Instant cutoff = occurredAt(there[1]).plusNanos(1000);
			AuditRetention.Result result = this.retention.runOnce(cutoff);
			assertThat(result.removed()).isPositive();
			assertThat(this.jdbc.queryForList("select id from audit_event", UUID.class))
				.doesNotContain(here[0], here[1], there[0], there[1])
				.contains(here[2], there[2]);

			Map<String, Object> detail = JSONObjectUtils.parse(this.jdbc
				.queryForObject("select detail from audit_event where operation = 'audit.retention'", String.class));
			assertThat(detail).containsKeys("removed", "archive", "cutoff");
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> anchors = (List<Map<String, Object>>) detail.get("anchors");
			assertThat(anchors).containsExactlyInAnyOrder(anchorBefore(here[2]), anchorBefore(there[2]));

			AuditVerification verification = this.verifier.verify();
			assertThat(verification.valid()).as(verification.toString()).isTrue();
			assertThat(verification.firstBrokenId()).isNull();

			// the other node keeps writing its chain on top of the anchored remainder
			record(otherNode, tag + "-there-3", tag);
			assertThat(this.verifier.verify().valid()).isTrue();
		}
		finally {
			otherWriter.stop();
		}
	}

	UUID record(AuditTrail node, String correlationId, String tag) {
		return AuditTestSupport.record(node, this.jdbc, correlationId, null, "test." + tag, AuditOutcome.SUCCESS,
				AuditTrail.Actor.system("anchors-test"), Map.of("c", correlationId), null);
	}

	UUID chainOf(UUID id) {
		return this.jdbc.queryForObject("select chain_id from audit_event where id = ?", UUID.class, id);
	}

	Instant occurredAt(UUID id) {
		return this.jdbc
			.queryForObject("select occurred_at from audit_event where id = ?", java.sql.Timestamp.class, id)
			.toInstant();
	}

	/** The anchor a remaining row needs: its chain, the seq before it, its prev_hash. */
	Map<String, Object> anchorBefore(UUID id) {
		Map<String, Object> row = this.jdbc.queryForMap("select chain_id, seq, prev_hash from audit_event where id = ?",
				id);
		return Map.of("chainId", row.get("chain_id").toString(), "seq", (Long) row.get("seq") - 1, "hash",
				Base64.getEncoder().encodeToString((byte[]) row.get("prev_hash")));
	}

}
