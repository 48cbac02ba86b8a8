package dev.tessera.auth.client.assertion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Single use of client assertions when nodes' clocks disagree: whether a row has expired
 * is the database's call, so a node whose clock runs ten minutes ahead can neither take
 * over nor sweep a row the database still holds live, and one running behind still
 * reclaims rows that are over.
 */
@TesseraServerTest
class AssertionReplayGuardTest {

	static final Duration TEN_MINUTES = Duration.ofMinutes(10);

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UsedAssertionRepository repository;

	@Autowired
	AssertionReplayGuard guard;

	@Test
	void aNodeWhoseClockRunsAheadCannotTakeOverALiveRow() {
		String jti = UUID.randomUUID().toString();
		assertThat(this.guard.firstUse("skew-client", jti, databaseNow().plus(Duration.ofMinutes(2)))).isTrue();

		AssertionReplayGuard ahead = nodeWithClockOffBy(TEN_MINUTES);
		assertThat(ahead.firstUse("skew-client", jti, databaseNow().plus(TEN_MINUTES))).as("a replay on that node")
			.isFalse();
	}

	@Test
	void aNodeWhoseClockRunsAheadCannotSweepALiveRow() {
		String jti = UUID.randomUUID().toString();
		assertThat(this.guard.firstUse("skew-client", jti, databaseNow().plus(Duration.ofMinutes(2)))).isTrue();

		nodeWithClockOffBy(TEN_MINUTES).removeExpired();

		assertThat(this.repository.findById(new UsedAssertion.Key("skew-client", jti))).isPresent();
		assertThat(this.guard.firstUse("skew-client", jti, databaseNow().plus(Duration.ofMinutes(2)))).isFalse();
	}

	@Test
	void aNodeWhoseClockRunsBehindStillReclaimsExpiredRows() {
		String taken = UUID.randomUUID().toString();
		String swept = UUID.randomUUID().toString();
		Instant past = databaseNow().minusSeconds(1);
		assertThat(this.guard.firstUse("skew-client", taken, past)).isTrue();
		assertThat(this.guard.firstUse("skew-client", swept, past)).isTrue();

		AssertionReplayGuard behind = nodeWithClockOffBy(TEN_MINUTES.negated());
		assertThat(behind.firstUse("skew-client", taken, databaseNow().plus(Duration.ofMinutes(2)))).isTrue();
		behind.removeExpired();
		assertThat(this.repository.findById(new UsedAssertion.Key("skew-client", swept))).isEmpty();
		assertThat(this.repository.findById(new UsedAssertion.Key("skew-client", taken))).isPresent();
	}

	AssertionReplayGuard nodeWithClockOffBy(Duration offset) {
		return new AssertionReplayGuard(this.jdbc, this.repository, Clock.offset(Clock.systemUTC(), offset));
	}

	Instant databaseNow() {
		return this.jdbc.queryForObject("select clock_timestamp()", OffsetDateTime.class).toInstant();
	}

}
