package dev.tessera.auth.token;

import java.time.Clock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Keeps the deny list small: a revoked token's row goes once the token has expired. */
@Component
public class RevokedTokenCleanup {

	private final RevokedTokenRepository revoked;

	private final Clock clock;

	public RevokedTokenCleanup(RevokedTokenRepository revoked, Clock clock) {
		this.revoked = revoked;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT10M")
	public void removeExpired() {
		this.revoked.deleteExpired(this.clock.instant());
	}

}
