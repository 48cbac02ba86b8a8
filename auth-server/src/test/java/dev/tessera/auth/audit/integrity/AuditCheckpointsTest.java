package dev.tessera.auth.audit.integrity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditChainHead;
import dev.tessera.auth.audit.AuditRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checkpoints, without a database: only this server's key makes a genuine one, the newest
 * of each chain counts, and a chain that no longer reaches its checkpoint is reported.
 */
class AuditCheckpointsTest {

	static final AuditHashChain KEYED = AuditTamperingAnchorsTest.KEYED;

	static final UUID CHAIN = AuditTamperingAnchorsTest.CHAIN;

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Instant AT = Instant.parse("2026-11-30T07:00:00.123456Z");

	@TempDir
	Path archive;

	AuditCheckpoints checkpoints() {
		return new AuditCheckpoints(AuditKeys.derive(new byte[32]).checkpointKey(), this.archive, JSON);
	}

	@Test
	void aCheckpointIsOneSignedJsonLineThatOnlyThisKeyMakes() {
		AuditCheckpoints checkpoints = checkpoints();
		byte[] hash = new byte[32];
		hash[0] = 5;
		String line = checkpoints.line(new AuditChainHead(CHAIN, 7, hash), AT);
		assertThat(line).startsWith("{\"type\":\"tessera.audit.checkpoint\",\"chainId\":\"" + CHAIN + "\",\"seq\":7,")
			.contains("\"at\":\"2026-11-30T07:00:00.123456Z\"")
			.contains("\"mac\":")
			.doesNotContain("\n");

		// as a log collector keeps it, prefix and all
		AuditCheckpointSet parsed = checkpoints
			.parse("2026-11-30 INFO [x] tessera.audit.checkpoint : " + line + "\n\n");
		assertThat(parsed.rejected()).isEmpty();
		assertThat(parsed.newest().get(CHAIN).seq()).isEqualTo(7);
		assertThat(parsed.newest().get(CHAIN).hash()).isEqualTo(hash);

		// a changed seq, or a line made with another key, is rejected
		AuditCheckpointSet forged = checkpoints.parse(line.replace("\"seq\":7", "\"seq\":3") + "\n"
				+ new AuditCheckpoints(AuditKeys
					.derive(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
							23, 24, 25, 26, 27, 28, 29, 30, 31, 32 })
					.checkpointKey(), this.archive, JSON).line(new AuditChainHead(CHAIN, 9, hash), AT)
				+ "\nnot json\n{\"type\":\"something else\"}");
		assertThat(forged.newest()).isEmpty();
		assertThat(forged.rejected()).hasSize(4)
			.allSatisfy(problem -> assertThat(problem.kind()).isEqualTo("checkpoint_rejected"));
		assertThat(forged.rejected().get(0).message()).startsWith("line 1: ").contains("MAC");
	}

	@Test
	void theNewestCheckpointOfEachChainCounts() throws IOException {
		AuditCheckpoints checkpoints = checkpoints();
		UUID other = AuditTamperingAnchorsTest.OTHER_CHAIN;
		checkpoints.write(new AuditChainHead(CHAIN, 3, new byte[32]), AT);
		checkpoints.write(new AuditChainHead(CHAIN, 9, new byte[32]), AT.plusSeconds(300));
		checkpoints.write(new AuditChainHead(other, 4, new byte[32]), AT);
		Path file = this.archive.resolve("checkpoints").resolve(CHAIN + ".jsonl");
		assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(2);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");

		AuditCheckpointSet found = checkpoints.readDirectory();
		assertThat(found.rejected()).isEmpty();
		assertThat(found.newest()).containsOnlyKeys(CHAIN, other);
		assertThat(found.newest().get(CHAIN).seq()).isEqualTo(9);

		AuditCheckpointSet given = checkpoints.parse(checkpoints.line(new AuditChainHead(CHAIN, 12, new byte[32]), AT));
		assertThat(AuditCheckpointSet.merge(given, found).newest().get(CHAIN).seq()).isEqualTo(12);
		assertThat(AuditCheckpointSet.merge(found, given).newest().get(CHAIN).seq()).isEqualTo(12);
	}

	@Test
	void aChainMustReachItsCheckpoint() {
		List<AuditRow> rows = AuditTamperingAnchorsTest.chain(CHAIN, 6);
		AuditChainHead atFive = new AuditChainHead(CHAIN, 5, rows.get(4).hash());

		assertThat(walk(Map.of(CHAIN, atFive), rows).valid()).isTrue();
		assertThat(walk(Map.of(CHAIN, atFive), rows).checkpointsUsed()).isEqualTo(1);

		// the newest rows removed (which no link reveals): shorter than the checkpoint
		AuditVerification shortened = walk(Map.of(CHAIN, atFive), rows.subList(0, 4));
		assertThat(shortened.valid()).isFalse();
		assertThat(shortened.firstBrokenId()).isNull();
		assertThat(shortened.problems()).singleElement().satisfies(problem -> {
			assertThat(problem.kind()).isEqualTo("rows_missing_after_checkpoint");
			assertThat(problem.chainId()).isEqualTo(CHAIN);
			assertThat(problem.seq()).isEqualTo(5);
			assertThat(problem.rowId()).isEqualTo(rows.get(3).id());
		});
		assertThat(walk(Map.of(), rows.subList(0, 4)).valid()).as("without the checkpoint nothing shows").isTrue();

		// a different row at the checkpoint's seq
		AuditChainHead otherHash = new AuditChainHead(CHAIN, 5, rows.get(3).hash());
		AuditVerification replaced = walk(Map.of(CHAIN, otherHash), rows);
		assertThat(replaced.firstBrokenId()).isEqualTo(rows.get(4).id());
		assertThat(replaced.problems()).extracting(AuditVerification.Problem::kind)
			.containsExactly("checkpoint_mismatch", "chain_broken");

		// the whole chain gone
		AuditVerification gone = walk(Map.of(CHAIN, atFive), List.of());
		assertThat(gone.problems()).extracting(AuditVerification.Problem::kind).containsExactly("chain_missing");
	}

	@Test
	void aChainRetiredByRetentionBeyondItsCheckpointIsNotMissing() {
		List<AuditRow> rows = AuditTamperingAnchorsTest.chain(CHAIN, 6);
		AuditChainHead atFive = new AuditChainHead(CHAIN, 5, rows.get(4).hash());
		AuditVerifier.ChainWalk walk = new AuditVerifier.ChainWalk(KEYED);
		walk.checkpoints.put(CHAIN, atFive);
		walk.anchors.add(new AuditVerifier.Anchor(CHAIN, 6, ByteBuffer.wrap(rows.get(5).hash())));
		assertThat(walk.result().valid()).isTrue();

		AuditVerifier.ChainWalk early = new AuditVerifier.ChainWalk(KEYED);
		early.checkpoints.put(CHAIN, atFive);
		early.anchors.add(new AuditVerifier.Anchor(CHAIN, 4, ByteBuffer.wrap(rows.get(3).hash())));
		assertThat(early.result().problems()).extracting(AuditVerification.Problem::kind)
			.containsExactly("chain_missing");
	}

	static AuditVerification walk(Map<UUID, AuditChainHead> checkpoints, List<AuditRow> rows) {
		AuditVerifier.ChainWalk walk = new AuditVerifier.ChainWalk(KEYED);
		walk.checkpoints.putAll(checkpoints);
		rows.forEach(walk::row);
		return walk.result();
	}

}
