package dev.tessera.auth.review;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.problem.InvalidInputProblem;
import dev.tessera.auth.review.ReviewWindow.DayCount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The review's plain rules: the window a {@code days} parameter names, when a client is
 * idle, when a secret is past its rotation.
 */
class ReviewRulesTest {

	static final Instant NOW = Instant.parse("2026-11-30T15:00:00Z");

	static final LocalDate TODAY = LocalDate.parse("2026-11-30");

	@Test
	void aWindowIsTheLastDaysDatesWithTodayIncluded() {
		ReviewWindow window = ReviewWindow.parse("90", 30, TODAY);
		assertThat(window.days()).isEqualTo(90);
		assertThat(window.to()).isEqualTo(TODAY);
		assertThat(window.from()).isEqualTo(LocalDate.parse("2026-09-02"));
		assertThat(window.contains(LocalDate.parse("2026-09-01"))).isFalse();
		assertThat(window.contains(LocalDate.parse("2026-09-02"))).isTrue();
		assertThat(ReviewWindow.parse(" 1 ", 30, TODAY)).isEqualTo(new ReviewWindow(1, TODAY, TODAY));
		assertThat(ReviewWindow.parse("400", 30, TODAY).from()).isEqualTo(TODAY.minusDays(399));
	}

	@Test
	void noDaysMeansTheDefault() {
		assertThat(ReviewWindow.parse(null, 30, TODAY).days()).isEqualTo(30);
		assertThat(ReviewWindow.parse("", 90, TODAY).days()).isEqualTo(90);
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-1", "401", "abc", "1.5", "99999999999" })
	void daysOutsideOneTo400AreAProblemNamingDays(String days) {
		assertThatThrownBy(() -> ReviewWindow.parse(days, 30, TODAY)).isInstanceOfSatisfying(InvalidInputProblem.class,
				problem -> assertThat(problem.getProblems()).singleElement()
					.satisfies(field -> assertThat(field.field()).isEqualTo("days")));
	}

	@Test
	void everyDayOfTheWindowHasAnEntryOldestFirst() {
		ReviewWindow window = ReviewWindow.ending(TODAY, 3);
		assertThat(window.everyDay(Map.of(TODAY, 5L, TODAY.minusDays(5), 9L))).containsExactly(
				new DayCount(TODAY.minusDays(2), 0), new DayCount(TODAY.minusDays(1), 0), new DayCount(TODAY, 5));
	}

	@Test
	void aClientIsIdleWithoutATokenInTheLast90DatesOnceOlderThan90Days() {
		ClientFacts old = client(NOW.minus(Duration.ofDays(91)));
		assertThat(IdleRule.isIdle(old, null, NOW)).isTrue();
		assertThat(IdleRule.isIdle(old, TODAY.minusDays(90), NOW)).isTrue();
		assertThat(IdleRule.isIdle(old, TODAY.minusDays(89), NOW)).isFalse();
		assertThat(IdleRule.isIdle(old, TODAY, NOW)).isFalse();
	}

	@Test
	void aYoungClientIsNotIdleEvenUnused() {
		assertThat(IdleRule.isIdle(client(NOW.minus(Duration.ofDays(90))), null, NOW)).isFalse();
		assertThat(IdleRule.isIdle(client(NOW.minus(Duration.ofDays(3))), null, NOW)).isFalse();
	}

	@Test
	void aSecretOlderThanItsRotationPeriodIsPastRotation() {
		Duration ttl = Duration.ofDays(90);
		assertThat(SecretRotationRule.isPastRotation(secret(NOW.minus(Duration.ofDays(91)), NOW.plusSeconds(60), ttl),
				NOW))
			.isTrue();
		assertThat(SecretRotationRule.isPastRotation(secret(NOW.minus(Duration.ofDays(90)), NOW.plusSeconds(60), ttl),
				NOW))
			.isFalse();
		// the client's own, shorter period counts
		assertThat(SecretRotationRule.isPastRotation(
				secret(NOW.minus(Duration.ofDays(31)), NOW.plus(Duration.ofDays(300)), Duration.ofDays(30)), NOW))
			.isTrue();
	}

	@Test
	void anExpiredSecretIsPastRotationWhateverItsAge() {
		assertThat(
				SecretRotationRule.isPastRotation(secret(NOW.minus(Duration.ofDays(1)), NOW, Duration.ofDays(90)), NOW))
			.isTrue();
		assertThat(SecretRotationRule
			.isPastRotation(secret(NOW.minus(Duration.ofDays(1)), NOW.plusMillis(1), Duration.ofDays(90)), NOW))
			.isFalse();
	}

	@Test
	void aClientWithoutASecretHasNothingToRotate() {
		assertThat(SecretRotationRule.isPastRotation(client(NOW.minus(Duration.ofDays(900))), NOW)).isFalse();
	}

	static ClientFacts client(Instant createdAt) {
		return new ClientFacts("c", "C", true, createdAt, List.of(), List.of("private_key_jwt"), null, null,
				Duration.ofDays(90));
	}

	static ClientFacts secret(Instant secretCreatedAt, Instant secretExpiresAt, Duration rotationPeriod) {
		return new ClientFacts("c", "C", true, secretCreatedAt, List.of(), List.of("client_secret_basic"),
				secretCreatedAt, secretExpiresAt, rotationPeriod);
	}

}
