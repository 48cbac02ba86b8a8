package dev.tessera.auth.certificate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * The certificates as the admin API lists them: every one, or those that expire within a
 * number of days ({@code withinDays}, 1 to {@value ExpiryThresholds#MAX_DAYS}; the
 * expired ones included), the soonest first, as of one instant.
 */
public class CertificateListing {

	private final CertificateInventory inventory;

	private final Clock clock;

	public CertificateListing(CertificateInventory inventory, Clock clock) {
		this.inventory = inventory;
		this.clock = clock;
	}

	/**
	 * @param withinDays as given in the query: null or blank for every certificate
	 * @throws InvalidInputProblem naming {@code withinDays} unless it is a whole number
	 * from 1 to {@value ExpiryThresholds#MAX_DAYS}
	 */
	public Listed list(String withinDays) {
		Instant now = this.clock.instant();
		if (withinDays == null || withinDays.isBlank()) {
			return new Listed(now, this.inventory.all());
		}
		int days;
		try {
			days = Integer.parseInt(withinDays.trim());
		}
		catch (NumberFormatException ex) {
			days = -1;
		}
		if (days < 1 || days > ExpiryThresholds.MAX_DAYS) {
			throw new InvalidInputProblem("withinDays",
					"must be a whole number from 1 to " + ExpiryThresholds.MAX_DAYS);
		}
		return new Listed(now, this.inventory.expiringWithin(Duration.ofDays(days), now));
	}

	/** The certificates listed, the soonest to expire first, and the instant of it. */
	public record Listed(Instant at, List<KnownCertificate> certificates) {
	}

}
