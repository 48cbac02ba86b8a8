package dev.tessera.auth.audit;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditHashChainTest {

	static final UUID ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

	static final UUID CHAIN = UUID.fromString("00000000-0000-0000-0000-0000000000aa");

	static byte[] hash(byte[] previous, String detail, String principal) {
		return AuditHashChain.hash(previous, ID, CHAIN, 1, Instant.parse("2026-01-01T00:00:00.000001Z"), "c", principal,
				"client", "token.issue", "127.0.0.1", "success", detail, null);
	}

	@Test
	void everyFieldAndThePreviousHashCount() {
		byte[] base = hash(AuditHashChain.GENESIS, "{}", "a");
		assertThat(hash(AuditHashChain.GENESIS, "{}", "a")).isEqualTo(base);
		assertThat(hash(AuditHashChain.GENESIS, "{ }", "a")).isNotEqualTo(base);
		assertThat(hash(AuditHashChain.GENESIS, "{}", "b")).isNotEqualTo(base);
		assertThat(hash(base, "{}", "a")).isNotEqualTo(base);
	}

	@Test
	void fieldBoundariesCannotBeShifted() {
		// "ab" + "c" and "a" + "bc" must not hash alike, nor a null and an empty string
		byte[] one = AuditHashChain.hash(AuditHashChain.GENESIS, ID, CHAIN, 1, Instant.EPOCH, "ab", "c", "client",
				"op", null, "success", "{}", null);
		byte[] two = AuditHashChain.hash(AuditHashChain.GENESIS, ID, CHAIN, 1, Instant.EPOCH, "a", "bc", "client",
				"op", null, "success", "{}", null);
		byte[] three = AuditHashChain.hash(AuditHashChain.GENESIS, ID, CHAIN, 1, Instant.EPOCH, "ab", "c", "client",
				"op", "", "success", "{}", null);
		assertThat(one).isNotEqualTo(two).isNotEqualTo(three);
	}

	@Test
	void timestampsKeepMicroseconds() {
		assertThat(AuditHashChain.micros(Instant.parse("1970-01-01T00:00:01.000001Z"))).isEqualTo(1_000_001L);
	}

}
