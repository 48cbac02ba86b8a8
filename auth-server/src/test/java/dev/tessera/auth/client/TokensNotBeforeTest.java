package dev.tessera.auth.client;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code iat} has whole seconds: a token issued just before a security change and one
 * issued just after it, in the same second, must still be told apart.
 */
class TokensNotBeforeTest {

	static final Instant CHANGE = Instant.parse("2026-01-01T10:00:00.300Z");

	@Test
	void aChangeInsideASecondIsStoredAsTheNextWholeSecond() {
		assertThat(TokensNotBefore.after(CHANGE)).isEqualTo(Instant.parse("2026-01-01T10:00:01Z"));
		assertThat(TokensNotBefore.after(Instant.parse("2026-01-01T10:00:00Z")))
			.isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
	}

	@Test
	void aTokenIssuedEarlierInTheSameSecondPredatesTheChange() {
		Instant notBefore = TokensNotBefore.after(CHANGE);
		Instant iat = TokensNotBefore.issuedAt(Instant.parse("2026-01-01T10:00:00.100Z"), (Instant) null);
		assertThat(iat).isEqualTo(Instant.parse("2026-01-01T10:00:00Z"));
		assertThat(TokensNotBefore.predates(iat, notBefore)).isTrue();
	}

	@Test
	void aTokenIssuedLaterInTheSameSecondDoesNot() {
		Instant notBefore = TokensNotBefore.after(CHANGE);
		Instant iat = TokensNotBefore.issuedAt(Instant.parse("2026-01-01T10:00:00.500Z"), notBefore);
		assertThat(iat).as("moved to the rounded-up second").isEqualTo(notBefore);
		assertThat(TokensNotBefore.predates(iat, notBefore)).isFalse();
	}

	@Test
	void onAWholeSecondBeforeAndAfterAreStillApart() {
		Instant change = Instant.parse("2026-01-01T10:00:00Z");
		Instant notBefore = TokensNotBefore.after(change);
		assertThat(TokensNotBefore.predates(TokensNotBefore.issuedAt(change.minusNanos(1000), (Instant) null), notBefore))
			.isTrue();
		assertThat(TokensNotBefore.predates(TokensNotBefore.issuedAt(change, notBefore), notBefore)).isFalse();
	}

	@Test
	void laterTokensKeepTheirOwnSecond() {
		Instant notBefore = TokensNotBefore.after(CHANGE);
		Instant later = Instant.parse("2026-01-01T10:05:07.900Z");
		assertThat(TokensNotBefore.issuedAt(later, notBefore)).isEqualTo(Instant.parse("2026-01-01T10:05:07Z"));
		assertThat(TokensNotBefore.predates(Instant.parse("2026-01-01T10:05:07Z"), notBefore)).isFalse();
	}

	@Test
	void aTokenWithoutIatPredatesAnyChange() {
		assertThat(TokensNotBefore.predates(null, CHANGE)).isTrue();
		assertThat(TokensNotBefore.predates(null, (Instant) null)).isFalse();
	}

	@Test
	void theTimeOnlyMovesForward() {
		Client client = new Client("c1", "c1", CHANGE);
		Instant registered = client.getTokensNotBefore();
		client.revokeTokensIssuedBefore(CHANGE.minusSeconds(60));
		assertThat(client.getTokensNotBefore()).isEqualTo(registered);
		client.revokeTokensIssuedBefore(CHANGE.plusSeconds(60));
		assertThat(client.getTokensNotBefore()).isEqualTo(Instant.parse("2026-01-01T10:01:01Z"));
	}

}
