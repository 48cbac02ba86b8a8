package dev.tessera.auth.client;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token is told apart by the client snapshot it was issued from (its
 * {@value TokensNotBefore#CLAIM} claim), not by its {@code iat}; tokens issued before the
 * claim existed keep the {@code iat} rule.
 */
class TokensNotBeforeTest {

	static final Instant CHANGE = Instant.parse("2026-01-01T10:00:00.300001Z");

	static final long CHANGE_MICROS = TokensNotBefore.micros(CHANGE);

	@Test
	void aTokenFromTheSnapshotBeforeAChangePredatesItWhateverItsIat() {
		Instant lateIat = CHANGE.plusSeconds(5);
		assertThat(TokensNotBefore.predates(CHANGE_MICROS - 1, lateIat, CHANGE)).isTrue();
	}

	@Test
	void aTokenFromTheCurrentOrANewerSnapshotDoesNot() {
		Instant earlyIat = CHANGE.minusSeconds(5);
		assertThat(TokensNotBefore.predates(CHANGE_MICROS, earlyIat, CHANGE)).isFalse();
		assertThat(TokensNotBefore.predates(CHANGE_MICROS + 1, earlyIat, CHANGE))
			.as("the checker's cached copy is older than the issuer's")
			.isFalse();
	}

	@Test
	void aClaimThatIsNotAnIntegerPredatesEverything() {
		assertThat(TokensNotBefore.predates(String.valueOf(CHANGE_MICROS), CHANGE, CHANGE)).isTrue();
		assertThat(TokensNotBefore.predates((double) CHANGE_MICROS, CHANGE, CHANGE)).isTrue();
	}

	@Test
	void aTokenWithoutTheClaimKeepsTheIatRule() {
		assertThat(TokensNotBefore.predates(null, Instant.parse("2026-01-01T10:00:00Z"), CHANGE)).isTrue();
		assertThat(TokensNotBefore.predates(null, Instant.parse("2026-01-01T10:00:01Z"), CHANGE)).isFalse();
		assertThat(TokensNotBefore.predates(null, null, CHANGE)).isTrue();
		assertThat(TokensNotBefore.predates(null, null, (Instant) null)).isFalse();
	}

	@Test
	void valuesKeepTheMicrosecondsPostgresStores() {
		Instant nanos = Instant.parse("2026-01-01T10:00:00.123456789Z");
		assertThat(TokensNotBefore.registeredAt(nanos)).isEqualTo(Instant.parse("2026-01-01T10:00:00.123456Z"));
		assertThat(TokensNotBefore.after(null, nanos)).isEqualTo(Instant.parse("2026-01-01T10:00:00.123456Z"));
	}

	@Test
	void everyChangeMovesTheValueStrictlyForwardWhateverTheClock() {
		Client client = new Client("c1", "c1", CHANGE);
		Instant registered = client.getTokensNotBefore();
		client.revokeTokensIssuedBefore(CHANGE.minusSeconds(60)); // a node whose clock
																	// lags
		assertThat(client.getTokensNotBefore()).isEqualTo(registered.plusNanos(1_000));
		client.revokeTokensIssuedBefore(client.getTokensNotBefore()); // the same
																		// microsecond
		assertThat(client.getTokensNotBefore()).isEqualTo(registered.plusNanos(2_000));
		client.revokeTokensIssuedBefore(CHANGE.plusSeconds(60));
		assertThat(client.getTokensNotBefore()).isEqualTo(CHANGE.plusSeconds(60));
	}

}
