package dev.tessera.auth.audit.integrity;

import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTimestamps;

import static org.assertj.core.api.Assertions.assertThat;

class AuditHashChainTest {

	static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

	static final UUID CHAIN = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

	/**
	 * The pre-V6 (plain SHA-256) hash of the known row: legacy chains must still verify.
	 */
	static final String KNOWN = "c89f7a5bb0d62c24b9c81d38ec11ef107a58ee45d8d232fb63d5028b9a8d1fa0";

	static final AuditHashChain KEYED = AuditHashChain.keyed(new byte[32]);

	static byte[] hash(byte[] previous, String detail, String principal) {
		return hash(KEYED, previous, detail, principal);
	}

	static byte[] hash(AuditHashChain chain, byte[] previous, String detail, String principal) {
		return chain.hash(previous, new AuditRow(ID, CHAIN, 1, Instant.parse("2026-01-01T00:00:00.000001Z"), "c",
				principal, "client", "token.issue", "127.0.0.1", "success", detail, null, null, null));
	}

	@Test
	void everyFieldAndThePreviousHashCount() {
		byte[] base = hash(AuditHashChain.GENESIS, "{}", "a");
		assertThat(hash(AuditHashChain.GENESIS, "{}", "a")).isEqualTo(base);
		assertThat(hash(AuditHashChain.GENESIS, "{ }", "a")).isNotEqualTo(base);
		assertThat(hash(AuditHashChain.GENESIS, "{}", "b")).isNotEqualTo(base);
		assertThat(hash(base, "{}", "a")).isNotEqualTo(base);
	}

	/** Each stored field in turn: changing any one of them changes the hash. */
	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })
	void everyStoredFieldIsCovered(int field) {
		Object[] base = { AuditHashChain.GENESIS, ID, CHAIN, 1L, Instant.parse("2026-01-01T00:00:00.000001Z"), "corr",
				"principal", "client", "token.issue", "192.0.2.1", "success", "{}", "jti:x" };
		Object[] changed = base.clone();
		changed[field] = switch (field) {
			case 0 -> hashOf(base);
			case 1, 2 -> UUID.fromString("00000000-0000-0000-0000-0000000000ff");
			case 3 -> 2L;
			case 4 -> Instant.parse("2026-01-01T00:00:00.000002Z");
			default -> base[field] + "!";
		};
		assertThat(hashOf(changed)).isNotEqualTo(hashOf(base));
	}

	/** The stored format must not drift: rows hashed by an earlier build still verify. */
	@Test
	void aKnownRowHashesToItsKnownValue() {
		assertThat(HexFormat.of()
			.formatHex(hash(AuditHashChain.legacy(), AuditHashChain.GENESIS, "{\"scope\":\"a\"}", "orders")))
			.isEqualTo(KNOWN);
	}

	/**
	 * Without the key no one recomputes a row's hash: neither plain SHA-256 nor another
	 * key matches.
	 */
	@Test
	void theHashIsKeyed() {
		byte[] keyed = hash(KEYED, AuditHashChain.GENESIS, "{\"scope\":\"a\"}", "orders");
		byte[] otherKey = new byte[32];
		otherKey[0] = 1;
		assertThat(HexFormat.of().formatHex(keyed)).isNotEqualTo(KNOWN);
		assertThat(hash(AuditHashChain.keyed(otherKey), AuditHashChain.GENESIS, "{\"scope\":\"a\"}", "orders"))
			.isNotEqualTo(keyed);
		assertThat(hash(AuditHashChain.keyed(new byte[32]), AuditHashChain.GENESIS, "{\"scope\":\"a\"}", "orders"))
			.isEqualTo(keyed);
	}

	static byte[] hashOf(Object[] f) {
		return KEYED.hash((byte[]) f[0],
				new AuditRow((UUID) f[1], (UUID) f[2], (Long) f[3], (Instant) f[4], (String) f[5], (String) f[6],
						(String) f[7], (String) f[8], (String) f[9], (String) f[10], (String) f[11], (String) f[12],
						null, null));
	}

	@Test
	void fieldBoundariesCannotBeShifted() {
		// "ab" + "c" and "a" + "bc" must not hash alike, nor a null and an empty string
		byte[] one = KEYED.hash(AuditHashChain.GENESIS, new AuditRow(ID, CHAIN, 1, Instant.EPOCH, "ab", "c", "client",
				"op", null, "success", "{}", null, null, null));
		byte[] two = KEYED.hash(AuditHashChain.GENESIS, new AuditRow(ID, CHAIN, 1, Instant.EPOCH, "a", "bc", "client",
				"op", null, "success", "{}", null, null, null));
		byte[] three = KEYED.hash(AuditHashChain.GENESIS, new AuditRow(ID, CHAIN, 1, Instant.EPOCH, "ab", "c", "client",
				"op", "", "success", "{}", null, null, null));
		assertThat(one).isNotEqualTo(two).isNotEqualTo(three);
	}

	@Test
	void timestampsKeepMicroseconds() {
		assertThat(AuditTimestamps.micros(Instant.parse("1970-01-01T00:00:01.000001Z"))).isEqualTo(1_000_001L);
	}

}
