package dev.tessera.auth.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proves the trail has not been changed behind the application's back (the database
 * refuses changes to the application, but not to a superuser): recomputes every chain
 * row by row and checks that each row's hash matches its content, that it links to its
 * predecessor's hash, and that no sequence number is missing.
 * <p>
 * The rows are read in one snapshot (a read-only repeatable-read transaction) as a
 * stream ordered by {@code (chain_id, seq)}, a page at a time, so memory does not grow
 * with the trail. A chain's first remaining row may start above seq 1 when retention
 * has archived its older rows: its {@code prev_hash} is then taken as the anchor (the
 * archive file holds the rows it links to). A gap anywhere after that is a break.
 * <p>
 * {@link AuditVerification#firstBrokenId()} is the earliest broken row by
 * {@code occurred_at} across all chains (each chain's first break, then the earliest of
 * those), so repeated runs name the same row.
 */
public class AuditVerifier {

	private static final Logger log = LoggerFactory.getLogger(AuditVerifier.class);

	static final String SELECT = "select id, chain_id, seq, occurred_at, correlation_id, principal, principal_type, "
			+ "operation, source_ip, outcome, detail, payload_ref, prev_hash, hash from audit_event "
			+ "order by chain_id, seq";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate snapshot;

	public AuditVerifier(DataSource dataSource, PlatformTransactionManager transactions) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(1000);
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setReadOnly(true);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
	}

	public AuditVerification verify() {
		ChainWalk walk = new ChainWalk();
		this.snapshot.executeWithoutResult(status -> this.jdbc.query(SELECT, walk));
		walk.endChain();
		AuditVerification result = new AuditVerification(walk.firstBrokenId == null, walk.checked,
				walk.firstBrokenId);
		if (!result.valid()) {
			log.error("Audit trail verification failed: first broken row {} ({} rows checked)",
					result.firstBrokenId(), result.checked());
		}
		return result;
	}

	/** Walks the rows in chain order, remembering each chain's first break. */
	private static final class ChainWalk implements RowCallbackHandler {

		long checked;

		UUID firstBrokenId;

		Instant firstBrokenAt;

		private UUID chainId;

		private long lastSeq;

		private byte[] lastHash;

		private UUID chainBrokenId;

		private Instant chainBrokenAt;

		@Override
		public void processRow(ResultSet rs) throws SQLException {
			UUID id = rs.getObject("id", UUID.class);
			UUID rowChain = rs.getObject("chain_id", UUID.class);
			long seq = rs.getLong("seq");
			Instant occurredAt = rs.getObject("occurred_at", OffsetDateTime.class).toInstant();
			byte[] prevHash = rs.getBytes("prev_hash");
			byte[] hash = rs.getBytes("hash");
			boolean first = !rowChain.equals(this.chainId);
			if (first) {
				endChain();
				this.chainId = rowChain;
			}
			boolean intact;
			if (first) {
				// seq 1 must start from genesis; a later first row is retention's anchor
				intact = seq > 1 || (seq == 1 && Arrays.equals(prevHash, AuditHashChain.GENESIS));
			}
			else {
				intact = seq == this.lastSeq + 1 && Arrays.equals(prevHash, this.lastHash);
			}
			byte[] recomputed = AuditHashChain.hash(prevHash, id, rowChain, seq, occurredAt,
					rs.getString("correlation_id"), rs.getString("principal"), rs.getString("principal_type"),
					rs.getString("operation"), rs.getString("source_ip"), rs.getString("outcome"),
					rs.getString("detail"), rs.getString("payload_ref"));
			intact = intact && Arrays.equals(recomputed, hash);
			if (!intact && this.chainBrokenId == null) {
				this.chainBrokenId = id;
				this.chainBrokenAt = occurredAt;
			}
			this.lastSeq = seq;
			this.lastHash = hash;
			this.checked++;
		}

		void endChain() {
			if (this.chainBrokenId != null && (this.firstBrokenAt == null
					|| this.chainBrokenAt.isBefore(this.firstBrokenAt))) {
				this.firstBrokenId = this.chainBrokenId;
				this.firstBrokenAt = this.chainBrokenAt;
			}
			this.chainBrokenId = null;
			this.chainBrokenAt = null;
		}

	}

}
