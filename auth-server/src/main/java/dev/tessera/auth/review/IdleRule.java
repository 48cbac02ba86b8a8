package dev.tessera.auth.review;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A client is idle when it got no token in the last {@value #DAYS} UTC dates (today
 * included) and was registered more than {@value #DAYS} days ago, so a client that never
 * got a token counts once it is that old. Enabled or not: an idle client is a candidate
 * for removal either way.
 */
public final class IdleRule {

	/** How long without a token makes a client idle. */
	public static final int DAYS = 90;

	private IdleRule() {
	}

	/**
	 * @param lastTokenOn the last UTC date it got a token, null if never
	 */
	public static boolean isIdle(ClientFacts client, LocalDate lastTokenOn, Instant now) {
		if (!client.createdAt().isBefore(now.minus(Duration.ofDays(DAYS)))) {
			return false;
		}
		LocalDate firstActiveDate = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(DAYS - 1);
		return lastTokenOn == null || lastTokenOn.isBefore(firstActiveDate);
	}

}
