package dev.tessera.auth.audit.integrity;

import java.nio.ByteBuffer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditChainHead;
import dev.tessera.auth.audit.AuditEventTable;
import dev.tessera.auth.audit.AuditRetentionEvent;
import dev.tessera.auth.audit.AuditRow;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proves the trail has not been changed behind the application's back: recomputes every
 * chain row by row and checks that each row's hash (HMAC-SHA-256 under the chain key, see
 * {@link AuditHashChain}) matches its content, that it links to its predecessor's hash,
 * that no sequence number is missing, that each chain starts either at seq 1 from the
 * genesis hash or at a cut that retention recorded, and that it still reaches every
 * checkpoint written of it outside the database ({@link AuditCheckpoints}).
 * <p>
 * The rows are read in one snapshot (a read-only repeatable-read transaction) as a stream
 * ordered by {@code (chain_id, seq)}, a page at a time, so memory does not grow with the
 * trail. Before that stream, in the same snapshot, the verifier reads the chains closed
 * by V6 ({@code audit_legacy_chain}: chained with plain SHA-256 before the chain was
 * keyed) and the anchors of the stored {@code audit.retention} events (see
 * {@link AuditRetentionEvent}; a few per retention run, not per row), taking an anchor
 * only from an event whose own hash verifies under the chain key, or, in a chain closed
 * by V6, under plain SHA-256 at or below the boundary V6 recorded (never above it, where
 * anyone able to insert rows could write a self-consistent one). A chain whose first
 * remaining row has seq {@code n > 1} is intact only if one of those anchors names that
 * chain, seq {@code n - 1} and, as its hash, exactly that row's {@code prev_hash}.
 * <p>
 * What this finds:
 * <ul>
 * <li>a changed, inserted or reordered row, and any row whose hash was recomputed by
 * someone without the chain key (which is all a holder of the database alone can
 * do);</li>
 * <li>a row or rows removed from the middle of a chain (a gap in seq);</li>
 * <li>rows removed from the start of a chain other than by retention (no vouched anchor),
 * and a chain's first row that does not start from the genesis hash;</li>
 * <li>rows removed from the end of a chain, or a whole chain removed, up to the newest
 * checkpoint given (a chain shorter than its checkpoint, or a different hash at the
 * checkpoint's seq); a chain that a checkpoint names and that is gone entirely is
 * reported unless retention anchored it at or beyond the checkpoint;</li>
 * <li>a chain from before V6 changed after its boundary was recorded, or grown past it (a
 * pre-V6 chain can only have been written before the migration).</li>
 * </ul>
 * What it cannot find: rows removed from the end of a chain after its newest checkpoint
 * (the window is the checkpoint interval; a chain whose node stopped cleanly is
 * checkpointed at its end), and a consistent rewrite by someone who holds the key, that
 * is the key-encryption key together with the database.
 * <p>
 * Only the rows in the database are checked: once retention has archived a broken part of
 * a chain, the evidence is in the archive files, not here. A verification that runs in
 * the moment between a retention commit and the storing of its event, or after that event
 * could not be stored at all, reports the cut chains as broken at their first remaining
 * row.
 * <p>
 * {@link AuditVerification#firstBrokenId()} is the earliest broken row by
 * {@code occurred_at} across all chains (each chain's first break, then the earliest of
 * those), so repeated runs name the same row; {@link AuditVerification#problems()} says
 * what is wrong with each chain, including what no single row shows (rows missing after a
 * checkpoint).
 */
public class AuditVerifier {

	private static final Logger log = LoggerFactory.getLogger(AuditVerifier.class);

	static final String SELECT = "select " + AuditEventTable.COLUMNS + " from audit_event order by chain_id, seq";

	/** The events that may carry anchors, exactly as retention records them. */
	static final String SELECT_ANCHORS = "select " + AuditEventTable.COLUMNS + " from audit_event where operation = ? "
			+ "and principal_type = 'system' and principal = ?";

	static final String SELECT_LEGACY = "select chain_id, last_seq, last_hash from audit_legacy_chain";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate snapshot;

	private final AuditHashChain hashes;

	public AuditVerifier(DataSource dataSource, PlatformTransactionManager transactions, AuditHashChain hashes) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.jdbc.setFetchSize(1000);
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setReadOnly(true);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.hashes = hashes;
	}

	/**
	 * Verifies against no checkpoint at all: the chains' own links, anchors and legacy
	 * boundaries.
	 */
	public AuditVerification verify() {
		return verify(AuditCheckpointSet.NONE);
	}

	/**
	 * Verifies, and checks every chain against the newest of the given checkpoints that
	 * name it.
	 */
	public AuditVerification verify(AuditCheckpointSet checkpoints) {
		ChainWalk walk = new ChainWalk(this.hashes);
		walk.checkpoints.putAll(checkpoints.newest());
		walk.problems.addAll(checkpoints.rejected());
		this.snapshot.executeWithoutResult(status -> {
			this.jdbc.query(SELECT_LEGACY, rs -> {
				UUID chain = rs.getObject("chain_id", UUID.class);
				walk.legacy.put(chain, new AuditChainHead(chain, rs.getLong("last_seq"), rs.getBytes("last_hash")));
			});
			this.jdbc.query(SELECT_ANCHORS, rs -> {
				AuditRow event = AuditEventTable.read(rs);
				if (walk.vouches(event)) {
					addAnchors(event.detail(), walk.anchors);
				}
			}, AuditRetentionEvent.OPERATION, AuditRetentionEvent.PRINCIPAL);
			this.jdbc.query(SELECT, walk);
		});
		AuditVerification result = walk.result();
		if (!result.valid()) {
			log.error("Audit trail verification failed: first broken row {} ({} rows checked, {} problem(s))",
					result.firstBrokenId(), result.checked(), result.problems().size());
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
		if (!(parsed.get(AuditRetentionEvent.ANCHORS) instanceof List<?> list)) {
			return;
		}
		for (Object item : list) {
			if (item instanceof Map<?, ?> anchor && anchor.get(AuditRetentionEvent.ANCHOR_CHAIN) instanceof String chain
					&& anchor.get(AuditRetentionEvent.ANCHOR_SEQ) instanceof Number seq
					&& (seq instanceof Long || seq instanceof Integer)
					&& anchor.get(AuditRetentionEvent.ANCHOR_HASH) instanceof String hash) {
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
	 * {@link #legacy}, {@link #anchors} and {@link #checkpoints} first, then feed every
	 * row, then take the {@link #result()}.
	 */
	static final class ChainWalk implements RowCallbackHandler {

		final Set<Anchor> anchors = new HashSet<>();

		/** The chains closed by V6, chained with plain SHA-256. */
		final Map<UUID, AuditChainHead> legacy = new HashMap<>();

		/** The newest checkpoint of each chain. */
		final Map<UUID, AuditChainHead> checkpoints = new HashMap<>();

		final List<AuditVerification.Problem> problems = new ArrayList<>();

		private final AuditHashChain keyed;

		private final Set<UUID> seen = new HashSet<>();

		private long checked;

		private UUID firstBrokenId;

		private Instant firstBrokenAt;

		private UUID chainId;

		private AuditChainHead chainLegacy;

		private AuditChainHead chainCheckpoint;

		private long lastSeq;

		private byte[] lastHash;

		private UUID lastId;

		private UUID chainBrokenId;

		private Instant chainBrokenAt;

		ChainWalk(AuditHashChain keyed) {
			this.keyed = keyed;
		}

		@Override
		public void processRow(ResultSet rs) throws SQLException {
			row(AuditEventTable.read(rs));
		}

		/**
		 * Whether a stored retention event may vouch for anchors: its own hash verifies,
		 * and it is either keyed or a pre-V6 row at or below its chain's recorded
		 * boundary. A plain SHA-256 row above that boundary (which anyone able to insert
		 * rows can write) vouches for nothing, even though the walk reports it as well.
		 */
		boolean vouches(AuditRow event) {
			AuditChainHead boundary = this.legacy.get(event.chainId());
			if (boundary != null && event.seq() > boundary.seq()) {
				return false;
			}
			return hashesOf(event.chainId()).verifies(event);
		}

		private AuditHashChain hashesOf(UUID chain) {
			return this.legacy.containsKey(chain) ? AuditHashChain.legacy() : this.keyed;
		}

		void row(AuditRow row) {
			UUID rowChain = row.chainId();
			UUID id = row.id();
			long seq = row.seq();
			byte[] prevHash = row.prevHash();
			byte[] hash = row.hash();
			boolean first = !rowChain.equals(this.chainId);
			if (first) {
				endChain();
				this.chainId = rowChain;
				this.chainLegacy = this.legacy.get(rowChain);
				this.chainCheckpoint = this.checkpoints.get(rowChain);
				this.seen.add(rowChain);
			}
			boolean intact;
			if (first) {
				// seq 1 starts from genesis; a later first row must link to a retention
				// anchor
				intact = (seq == 1) ? Arrays.equals(prevHash, AuditHashChain.GENESIS)
						: seq > 1 && this.anchors.contains(new Anchor(rowChain, seq - 1, ByteBuffer.wrap(prevHash)));
			}
			else {
				intact = seq == this.lastSeq + 1 && Arrays.equals(prevHash, this.lastHash);
			}
			intact = intact && hashesOf(rowChain).verifies(row);
			if (this.chainLegacy != null && seq > this.chainLegacy.seq() && this.chainBrokenId == null) {
				intact = false;
				problem("legacy_row_after_boundary", seq, id,
						"a row chained the pre-V6 way after V6 closed the " + "chain at seq " + this.chainLegacy.seq());
			}
			intact = intact && matches(this.chainLegacy, seq, hash, id, "legacy_boundary_mismatch",
					"the hash at the boundary V6 recorded differs");
			intact = intact && matches(this.chainCheckpoint, seq, hash, id, "checkpoint_mismatch",
					"the hash at the checkpoint's seq differs from the checkpoint");
			if (!intact && this.chainBrokenId == null) {
				this.chainBrokenId = id;
				this.chainBrokenAt = row.occurredAt();
			}
			this.lastSeq = seq;
			this.lastHash = hash;
			this.lastId = id;
			this.checked++;
		}

		private boolean matches(AuditChainHead expected, long seq, byte[] hash, UUID id, String kind, String message) {
			if (expected == null || expected.seq() != seq || Arrays.equals(expected.hash(), hash)) {
				return true;
			}
			problem(kind, seq, id, message);
			return false;
		}

		AuditVerification result() {
			endChain();
			this.chainId = null;
			missingChains(this.checkpoints, "the chain is gone; a checkpoint recorded it up to seq ");
			missingChains(this.legacy, "the chain is gone; V6 recorded it up to seq ");
			return new AuditVerification(this.firstBrokenId == null && this.problems.isEmpty(), this.checked,
					this.firstBrokenId, List.copyOf(this.problems), this.checkpoints.size());
		}

		/**
		 * Chains recorded outside the rows that have no row left and were not retired by
		 * retention.
		 */
		private void missingChains(Map<UUID, AuditChainHead> recorded, String message) {
			recorded.values().stream().filter(head -> !this.seen.contains(head.chainId())).forEach(head -> {
				boolean retired = this.anchors.stream()
					.anyMatch(anchor -> anchor.chainId().equals(head.chainId()) && anchor.seq() >= head.seq());
				if (!retired) {
					this.problems.add(new AuditVerification.Problem("chain_missing", head.chainId(), head.seq(), null,
							message + head.seq()));
				}
			});
		}

		private void endChain() {
			if (this.chainId != null) {
				tooShort(this.chainCheckpoint, "rows_missing_after_checkpoint",
						"the chain ends at seq " + this.lastSeq + " but a checkpoint recorded it up to seq ");
				tooShort(this.chainLegacy, "rows_missing_before_boundary",
						"the chain ends at seq " + this.lastSeq + " but V6 recorded it up to seq ");
			}
			if (this.chainBrokenId != null) {
				this.problems.add(new AuditVerification.Problem("chain_broken", this.chainId, null, this.chainBrokenId,
						"the chain is broken at this row (changed, removed before it, or not vouched for)"));
				if (this.firstBrokenAt == null || this.chainBrokenAt.isBefore(this.firstBrokenAt)) {
					this.firstBrokenId = this.chainBrokenId;
					this.firstBrokenAt = this.chainBrokenAt;
				}
			}
			this.chainBrokenId = null;
			this.chainBrokenAt = null;
		}

		private void tooShort(AuditChainHead expected, String kind, String message) {
			if (expected != null && this.lastSeq < expected.seq()) {
				this.problems.add(new AuditVerification.Problem(kind, this.chainId, expected.seq(), this.lastId,
						message + expected.seq()));
			}
		}

		private void problem(String kind, long seq, UUID id, String message) {
			this.problems.add(new AuditVerification.Problem(kind, this.chainId, seq, id, message));
		}

	}

}
