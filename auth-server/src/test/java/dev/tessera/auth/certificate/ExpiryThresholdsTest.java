package dev.tessera.auth.certificate;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * When an expiry is announced: once per threshold as the days go by, the tightest alone
 * when a certificate is first seen inside several, once when expired, never again, and
 * not at all a year after expiry.
 */
class ExpiryThresholdsTest {

	static final Instant NOT_AFTER = Instant.parse("2027-06-30T12:00:00Z");

	final ExpiryThresholds thresholds = new ExpiryThresholds(List.of(7, 60, 30));

	@Test
	void eachThresholdOnceAsTheDaysGoBy() {
		Set<Integer> given = new HashSet<>();
		assertThat(step(Duration.ofDays(61), given)).isEmpty();
		assertThat(step(Duration.ofDays(60), given)).hasValue(new ExpiryThresholds.Notice(60, Set.of()));
		assertThat(step(Duration.ofDays(59), given)).isEmpty();
		assertThat(step(Duration.ofDays(29), given)).hasValue(new ExpiryThresholds.Notice(30, Set.of()));
		assertThat(step(Duration.ofDays(6), given)).hasValue(new ExpiryThresholds.Notice(7, Set.of()));
		assertThat(step(Duration.ofDays(6), given)).isEmpty();
		assertThat(step(Duration.ofSeconds(1), given)).isEmpty();
		assertThat(step(Duration.ZERO, given))
			.hasValue(new ExpiryThresholds.Notice(ExpiryThresholds.EXPIRED, Set.of()));
		assertThat(step(Duration.ofDays(-10), given)).isEmpty();
		assertThat(given).containsExactlyInAnyOrder(60, 30, 7, ExpiryThresholds.EXPIRED);
	}

	@Test
	void firstSeenInsideSeveralThresholdsOnlyTheTightestIsAnnouncedAndTheOthersMarked() {
		assertThat(this.thresholds.due(NOT_AFTER, NOT_AFTER.minus(Duration.ofDays(20)), Set.of()))
			.hasValue(new ExpiryThresholds.Notice(30, Set.of(60)));
		assertThat(this.thresholds.due(NOT_AFTER, NOT_AFTER.minus(Duration.ofDays(3)), Set.of(60)))
			.hasValue(new ExpiryThresholds.Notice(7, Set.of(30)));
	}

	@Test
	void anExpiredCertificateIsAnnouncedOnceAndNotAYearLater() {
		Instant weekLater = NOT_AFTER.plus(Duration.ofDays(7));
		assertThat(this.thresholds.due(NOT_AFTER, weekLater, Set.of()))
			.hasValue(new ExpiryThresholds.Notice(ExpiryThresholds.EXPIRED, Set.of()));
		assertThat(this.thresholds.due(NOT_AFTER, weekLater, Set.of(ExpiryThresholds.EXPIRED))).isEmpty();
		assertThat(this.thresholds.due(NOT_AFTER, NOT_AFTER.plus(Duration.ofDays(366)), Set.of())).isEmpty();
	}

	@Test
	void thresholdsAreWholeDaysUpToTenYears() {
		assertThat(this.thresholds.days()).containsExactly(60, 30, 7);
		assertThat(new ExpiryThresholds(List.of()).due(NOT_AFTER, NOT_AFTER.minusSeconds(1), Set.of())).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> new ExpiryThresholds(List.of(0)))
			.withMessageContaining("tessera.certificates.warning-days");
		assertThatIllegalArgumentException().isThrownBy(() -> new ExpiryThresholds(List.of(3651)));
	}

	private Optional<ExpiryThresholds.Notice> step(Duration left, Set<Integer> given) {
		Optional<ExpiryThresholds.Notice> notice = this.thresholds.due(NOT_AFTER, NOT_AFTER.minus(left),
				Set.copyOf(given));
		notice.ifPresent((n) -> {
			given.add(n.threshold());
			given.addAll(n.alsoGiven());
		});
		return notice;
	}

}
