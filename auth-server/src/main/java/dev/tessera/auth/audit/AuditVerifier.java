package dev.tessera.auth.audit;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import com.nimbusds.jose.util.JSONObjectUtils;
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
 * predecessor's hash, that no sequence number is missing, and that each chain starts
 * either at seq 1 from the genesis hash or at a cut that retention recorded.
 * <p>
 * The rows are read in one snapshot (a read-only repeatable-read transaction) as a
 * stream ordered by {@code (chain_id, seq)}, a page at a time, so memory does not grow
 * with the trail. Before that stream, in the same snapshot, the anchors of the stored
 * {@code audit.retention} events are read (see {@link AuditRetention}; a few per
 * retention run, not per row). A chain whose first remaining row has seq {@code n > 1}
 * is intact only if one of those anchors names that chain, seq {@code n - 1} and, as
 * its hash, exactly that row's {@code prev_hash}; otherwise the chain is broken at that
 * row.
 * <p>
 * What this finds, for a writer that does not recompute hashes:
 * <ul>
 * <li>a changed row (its own hash no longer matches), even one whose own hash was
 * recomputed (the next row no longer links to it);</li>
 * <li>a row or rows removed from the middle of a chain (a gap in seq);</li>
 * <li>rows removed from the start of a chain other than by retention (no anchor), and
 * a chain's first row that does not start from the genesis hash;</li>
 * <li>a changed {@code audit.retention} event (it is a chained row itself), and a
 * removed one whose anchor a chain still needs, or that was not its chain's newest
 * row.</li>
 * </ul>
 * What it cannot find:
 * <ul>
 * <li>the newest rows of a chain removed, or a whole chain removed. Nothing after them
 * links to them, and no hash chain can reveal a shortened end without an outside
 * witness that remembers the chain's head (e.g. head hashes exported elsewhere). The
 * one witness here is the node still writing that chain: its next row links to the
 * removed head, so the removal shows as a gap from then on; the chain of a node that
 * no longer runs can be shortened without trace.</li>
 * <li>a consistent rewrite: the hash is unkeyed, so whoever recomputes every hash from
 * a changed row to the chain's end (or forges an {@code audit.retention} event with an
 * anchor of their choosing at a chain's end) leaves a chain that verifies. Again only
 * an outside witness, or the archive files compared against it, shows that.</li>
 * </ul>
 * Only the rows in the database are checked: once retention has archived a broken
 * part of a chain (rows removed at its start included, since a later cut anchors what
 * remains), the evidence is in the archive files, not here. A verification that runs in
 * the moment between a retention commit and the storing of its event, or after that
 * event could not be stored at all, reports the cut chains as broken at their first
 * remaining row.
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

	/** The events that may carry anchors, exactly as retention records them. */
	static final String SELECT_ANCHORS = "select detail from audit_event where operation = ? "
			+ "and principal_type = 'system' and principal = ?";

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
		this.snapshot.executeWithoutResult(status -> {
			this.jdbc.query(SELECT_ANCHORS, rs -> {
				addAnchors(rs.getString("detail"), walk.anchors);
			}, AuditRetention.OPERATION, AuditRetention.PRINCIPAL);
			this.jdbc.query(SELECT, walk);
		});
		AuditVerification result = walk.result();
		if (!result.valid()) {
			log.error("Audit trail verification failed: first broken row {} ({} rows checked)",
					result.firstBrokenId(), result.checked());
		}
		return result;
	}

	/**
	 * The well-formed anchors of one retention event's stored detail; anything malformed
	 * is skipped (it anchors nothing, and a changed event fails its own hash anyway).
	 */
	static void addAnchors(String detail, Set<Anchor> anchors) {
		Map<String, Object> parsed;
		try {
			parsed = JSONObjectUtils.parse(detail);
		}
		catch (ParseException | RuntimeException ex) {
			return;
		}
		if (!(parsed.get(AuditRetention.ANCHORS) instanceof List<?> list)) {
			return;
		}
		for (Object item : list) {
			if (item instanceof Map<?, ?> anchor && anchor.get(AuditRetention.ANCHOR_CHAIN) instanceof String chain
					&& anchor.get(AuditRetention.ANCHOR_SEQ) instanceof Number seq
					&& (seq instanceof Long || seq instanceof Integer)
					&& anchor.get(AuditRetention.ANCHOR_HASH) instanceof String hash) {
				try {
					anchors.add(new Anchor(UUID.fromString(chain), seq.longValue(),
							ByteBuffer.wrap(Base64.getDecoder().decode(hash))));
				}
				catch (IllegalArgumentException ex) {
					// not a UUID or not base64: anchors nothing
				}
			}
		}
	}

	/** A chain cut by retention after row {@code seq}, whose hash was {@code hash}. */
	record Anchor(UUID chainId, long seq, ByteBuffer hash) {

	}

	/**
	 * Walks the rows in chain order, remembering each chain's first break. Fill
	 * {@link #anchors} first, then feed every row, then take the {@link #result()}.
	 */
	static final class ChainWalk implements RowCallbackHandler {

		final Set<Anchor> anchors = new HashSet<>();

		private long checked;

		private UUID firstBrokenId;

		private Instant firstBrokenAt;

		private UUID chainId;

		private long lastSeq;

		private byte[] lastHash;

		private UUID chainBrokenId;

		private Instant chainBrokenAt;

		@Override
		public void processRow(ResultSet rs) throws SQLException {
			row(rs.getObject("id", UUID.class), rs.getObject("chain_id", UUID.class), rs.getLong("seq"),
					rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("correlation_id"),
					rs.getString("principal"), rs.getString("principal_type"), rs.getString("operation"),
					rs.getString("source_ip"), rs.getString("outcome"), rs.getString("detail"),
					rs.getString("payload_ref"), rs.getBytes("prev_hash"), rs.getBytes("hash"));
		}

		void row(UUID id, UUID rowChain, long seq, Instant occurredAt, String correlationId, String principal,
				String principalType, String operation, String sourceIp, String outcome, String detail,
				String payloadRef, byte[] prevHash, byte[] hash) {
			boolean first = !rowChain.equals(this.chainId);
			if (first) {
				endChain();
				this.chainId = rowChain;
			}
			boolean intact;
			if (first) {
				// seq 1 starts from genesis; a later first row must link to a retention anchor
				intact = (seq == 1) ? Arrays.equals(prevHash, AuditHashChain.GENESIS)
						: seq > 1 && this.anchors.contains(new Anchor(rowChain, seq - 1, ByteBuffer.wrap(prevHash)));
			}
			else {
				intact = seq == this.lastSeq + 1 && Arrays.equals(prevHash, this.lastHash);
			}
			byte[] recomputed = AuditHashChain.hash(prevHash, id, rowChain, seq, occurredAt, correlationId, principal,
					principalType, operation, sourceIp, outcome, detail, payloadRef);
			intact = intact && Arrays.equals(recomputed, hash);
			if (!intact && this.chainBrokenId == null) {
				this.chainBrokenId = id;
				this.chainBrokenAt = occurredAt;
			}
			this.lastSeq = seq;
			this.lastHash = hash;
			this.checked++;
		}

		AuditVerification result() {
			endChain();
			return new AuditVerification(this.firstBrokenId == null, this.checked, this.firstBrokenId);
		}

		private void endChain() {
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
