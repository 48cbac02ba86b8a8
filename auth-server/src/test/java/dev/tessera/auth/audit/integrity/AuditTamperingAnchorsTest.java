package dev.tessera.auth.audit.integrity;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditChainHead;
import dev.tessera.auth.audit.AuditRow;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier's rule for chains that start above seq 1, without a database: only an
 * anchor with the right chain, the right seq and the exact hash vouches for the cut.
 */
class AuditTamperingAnchorsTest {

	static final UUID CHAIN = UUID.fromString("00000000-0000-0000-0000-0000000000c1");

	static final UUID OTHER_CHAIN = UUID.fromString("00000000-0000-0000-0000-0000000000c2");

	static final AuditHashChain KEYED = AuditHashChain.keyed(new byte[32]);

	static final Instant START = Instant.parse("2026-01-01T00:00:00.000001Z");

	/** Rows {@code 1..length} of a chain from genesis. */
	static List<AuditRow> chain(UUID chainId, int length) {
		List<AuditRow> rows = new ArrayList<>();
		byte[] previous = AuditHashChain.GENESIS;
		for (int seq = 1; seq <= length; seq++) {
			UUID id = new UUID(chainId.getLeastSignificantBits(), seq);
			Instant at = START.plusSeconds(seq);
			AuditRow row = row(id, chainId, seq, at, "c-" + seq, previous);
			rows.add(row.withHash(KEYED.hash(previous, row)));
			previous = rows.get(rows.size() - 1).hash();
		}
		return rows;
	}

	/**
	 * A row of the test's kind ({@code p}, {@code system}, {@code op}, success,
	 * {@code {}}), not yet hashed.
	 */
	static AuditRow row(UUID id, UUID chainId, long seq, Instant at, String correlationId, byte[] previous) {
		return new AuditRow(id, chainId, seq, at, correlationId, "p", "system", "op", null, "success", "{}", null,
				previous, null);
	}

	static AuditVerification walk(Set<AuditVerifier.Anchor> anchors, List<AuditRow> rows) {
		AuditVerifier.ChainWalk walk = new AuditVerifier.ChainWalk(KEYED);
		walk.anchors.addAll(anchors);
		rows.forEach(walk::row);
		AuditVerification result = walk.result();
		// the rows' verdict; the problems list is checked where it matters
		return new AuditVerification(result.valid(), result.checked(), result.firstBrokenId());
	}

	static AuditVerifier.Anchor anchor(UUID chainId, long seq, byte[] hash) {
		return new AuditVerifier.Anchor(chainId, seq, ByteBuffer.wrap(hash));
	}

	@Test
	void aCutChainNeedsItsExactAnchor() {
		List<AuditRow> full = chain(CHAIN, 6);
		List<AuditRow> cut = full.subList(3, 6); // seq 4..6 remain; seq 3 was the last
													// removed
		AuditRow lastRemoved = full.get(2);
		AuditRow firstRemaining = cut.get(0);

		assertThat(walk(Set.of(), full)).isEqualTo(new AuditVerification(true, 6, null));
		assertThat(walk(Set.of(anchor(CHAIN, 3, lastRemoved.hash())), cut))
			.isEqualTo(new AuditVerification(true, 3, null));

		assertThat(walk(Set.of(), cut)).as("no anchor").isEqualTo(new AuditVerification(false, 3, firstRemaining.id()));
		assertThat(walk(Set.of(anchor(CHAIN, 2, lastRemoved.hash())), cut)).as("wrong seq")
			.isEqualTo(new AuditVerification(false, 3, firstRemaining.id()));
		byte[] otherHash = Arrays.copyOf(lastRemoved.hash(), 32);
		otherHash[0] ^= 1;
		assertThat(walk(Set.of(anchor(CHAIN, 3, otherHash)), cut)).as("wrong hash")
			.isEqualTo(new AuditVerification(false, 3, firstRemaining.id()));
		assertThat(walk(Set.of(anchor(OTHER_CHAIN, 3, lastRemoved.hash())), cut)).as("another chain's anchor")
			.isEqualTo(new AuditVerification(false, 3, firstRemaining.id()));
	}

	@Test
	void eachChainIsJudgedByItsOwnAnchor() {
		List<AuditRow> one = chain(CHAIN, 4).subList(2, 4);
		List<AuditRow> two = chain(OTHER_CHAIN, 4).subList(1, 4);
		List<AuditRow> both = new ArrayList<>(one);
		both.addAll(two);
		Set<AuditVerifier.Anchor> anchors = new HashSet<>();
		anchors.add(anchor(CHAIN, 2, one.get(0).prevHash()));
		assertThat(walk(anchors, both)).as("the second chain has no anchor")
			.isEqualTo(new AuditVerification(false, 5, two.get(0).id()));
		anchors.add(anchor(OTHER_CHAIN, 1, two.get(0).prevHash()));
		assertThat(walk(anchors, both)).isEqualTo(new AuditVerification(true, 5, null));
	}

	@Test
	void anchorsAreReadFromTheStoredDetail() {
		byte[] hash = new byte[32];
		hash[31] = 7;
		String encoded = Base64.getEncoder().encodeToString(hash);
		Set<AuditVerifier.Anchor> anchors = new HashSet<>();
		AuditVerifier.addAnchors("{\"anchors\":[{\"chainId\":\"" + CHAIN + "\",\"hash\":\"" + encoded
				+ "\",\"seq\":41},{\"chainId\":\"not-a-uuid\",\"hash\":\"" + encoded + "\",\"seq\":1},"
				+ "{\"chainId\":\"" + OTHER_CHAIN + "\",\"hash\":\"%%%\",\"seq\":1}," + "{\"chainId\":\"" + OTHER_CHAIN
				+ "\",\"hash\":\"" + encoded + "\",\"seq\":\"1\"}],"
				+ "\"archive\":\"a.jsonl\",\"cutoff\":\"2026-01-01T00:00:00Z\",\"removed\":41}", anchors);
		assertThat(anchors).containsExactly(anchor(CHAIN, 41, hash));

		AuditVerifier.addAnchors("not json", anchors);
		AuditVerifier.addAnchors("{\"removed\":3}", anchors);
		AuditVerifier.addAnchors("{\"anchors\":\"none\"}", anchors);
		assertThat(anchors).hasSize(1);
	}

	@Test
	void aFirstRowAtSeqOneMustStartFromGenesis() {
		List<AuditRow> forged = new ArrayList<>();
		UUID id = UUID.randomUUID();
		byte[] previous = new byte[32];
		previous[0] = 1;
		AuditRow row = row(id, CHAIN, 1, START, "c-1", previous);
		forged.add(row.withHash(KEYED.hash(previous, row)));
		assertThat(walk(Set.of(anchor(CHAIN, 0, previous)), forged)).isEqualTo(new AuditVerification(false, 1, id));
	}

	/**
	 * Only a keyed retention event, or a pre-V6 one at or below its chain's recorded
	 * boundary, vouches for its anchors: above the boundary anyone can write a plain
	 * SHA-256 row that verifies on its own.
	 */
	@Test
	void aPreV6RowVouchesOnlyUpToItsBoundary() {
		AuditHashChain legacy = AuditHashChain.legacy();
		AuditVerifier.ChainWalk walk = new AuditVerifier.ChainWalk(KEYED);
		walk.legacy.put(OTHER_CHAIN, new AuditChainHead(OTHER_CHAIN, 2, new byte[32]));
		UUID id = UUID.randomUUID();
		byte[] previous = new byte[32];
		for (long seq : new long[] { 1, 2 }) {
			AuditRow row = row(id, OTHER_CHAIN, seq, START, "c", previous);
			assertThat(walk.vouches(row.withHash(legacy.hash(previous, row))))
				.as("at or below the boundary, seq " + seq)
				.isTrue();
		}
		AuditRow above = row(id, OTHER_CHAIN, 3, START, "c", previous);
		assertThat(walk.vouches(above.withHash(legacy.hash(previous, above)))).as("above the boundary").isFalse();

		AuditRow inKeyedChain = row(id, CHAIN, 7, START, "c", previous);
		assertThat(walk.vouches(inKeyedChain.withHash(KEYED.hash(previous, inKeyedChain)))).as("keyed").isTrue();
		assertThat(walk.vouches(inKeyedChain.withHash(legacy.hash(previous, inKeyedChain))))
			.as("a new chain hashed the old way")
			.isFalse();
	}

}
