package dev.tessera.auth.client.assertion;

import java.time.Clock;
import java.time.Instant;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Makes a client assertion single-use across every node (RFC 7523 §3, item 7): the
 * first use of a {@code (client_id, jti)} pair wins an insert into PostgreSQL, any later
 * use finds the row and loses. The row lives until the assertion itself could no longer
 * be accepted; a scheduled sweep removes it after that.
 */
public class AssertionReplayGuard {

	private final UsedAssertionRepository repository;

	private final Clock clock;

	public AssertionReplayGuard(UsedAssertionRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * Records the assertion as used.
	 * @param expiresAt when the assertion stops being acceptable (its {@code exp} plus
	 * the allowed clock skew)
	 * @return true on its first use, false if it was used before
	 */
	public boolean firstUse(String clientId, String jti, Instant expiresAt) {
		return this.repository.insertIfAbsent(clientId, jti, expiresAt, this.clock.instant()) == 1;
	}

	/** Forgets assertions that have expired: they are refused on their {@code exp} now. */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
	public void removeExpired() {
		this.repository.deleteExpired(this.clock.instant());
	}

}
