package dev.tessera.auth.review;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.tessera.auth.review.ReviewWindow.DayCount;

/**
 * What an operator reads at a glance: clients (enabled, disabled, {@link IdleRule idle}),
 * the signing key and when it rotates, secrets expiring within 7, 30 and 60 days (and
 * those expired), failed authentications over the last day, and tokens per UTC date over
 * the last {@value #TOKEN_DAYS} dates.
 *
 * @param activeKey null while no key signs
 * @param nextRotationAt when the active key's rotation period ends (null without one)
 * @param secretsExpired clients whose current secret has expired, soonest expired first
 * @param failedAuthentications24h see {@link RollupReader#failedAuthentications}
 * @param tokensPerDay exactly {@value #TOKEN_DAYS} entries, oldest first, zeros included
 */
public record Overview(ClientCounts clients, ActiveKey activeKey, Instant nextRotationAt, KeyCounts keys,
		SecretsExpiring secretsExpiring, List<SecretExpiry> secretsExpired, long failedAuthentications24h,
		List<DayCount> tokensPerDay) {

	/** How many dates {@code tokensPerDay} covers. */
	public static final int TOKEN_DAYS = 30;

	/** The furthest ahead an expiring secret is listed. */
	public static final int EXPIRING_DAYS = 60;

	/**
	 * @param lastTokenDays each client's last UTC date with a token, ever
	 * @param nextRotationAt when the active key's period ends, as the key schedule says
	 * @param tokensPerDay tokens per UTC date within {@code tokenWindow}
	 */
	public static Overview of(List<ClientFacts> clients, Map<String, LocalDate> lastTokenDays, List<KeyFacts> keys,
			Instant nextRotationAt, long failedAuthentications, ReviewWindow tokenWindow,
			Map<LocalDate, Long> tokensPerDay, Instant now) {
		long enabled = clients.stream().filter(ClientFacts::enabled).count();
		long idle = clients.stream()
			.filter(client -> IdleRule.isIdle(client, lastTokenDays.get(client.clientId()), now))
			.count();
		ActiveKey active = keys.stream()
			.filter(key -> "ACTIVE".equals(key.status()))
			.findFirst()
			.map(key -> ActiveKey.of(key, now))
			.orElse(null);
		KeyCounts keyCounts = new KeyCounts(count(keys, "NEXT"), count(keys, "ACTIVE"), count(keys, "RETIRING"));
		List<SecretExpiry> withSecret = clients.stream()
			.filter(ClientFacts::hasSecret)
			.map(client -> new SecretExpiry(client.clientId(), client.name(), client.secretExpiresAt()))
			.sorted(Comparator.comparing(SecretExpiry::secretExpiresAt).thenComparing(SecretExpiry::clientId))
			.toList();
		List<SecretExpiry> expiring = withSecret.stream()
			.filter(secret -> now.isBefore(secret.secretExpiresAt()) && expiresWithin(secret, EXPIRING_DAYS, now))
			.toList();
		SecretsExpiring secretsExpiring = new SecretsExpiring(within(expiring, 7, now), within(expiring, 30, now),
				expiring.size(), expiring);
		List<SecretExpiry> expired = withSecret.stream()
			.filter(secret -> !now.isBefore(secret.secretExpiresAt()))
			.toList();
		return new Overview(new ClientCounts(clients.size(), enabled, clients.size() - enabled, idle), active,
				(active != null) ? nextRotationAt : null, keyCounts, secretsExpiring, expired, failedAuthentications,
				tokenWindow.everyDay(tokensPerDay));
	}

	private static long count(List<KeyFacts> keys, String status) {
		return keys.stream().filter(key -> status.equals(key.status())).count();
	}

	private static long within(List<SecretExpiry> expiring, int days, Instant now) {
		return expiring.stream().filter(secret -> expiresWithin(secret, days, now)).count();
	}

	private static boolean expiresWithin(SecretExpiry secret, int days, Instant now) {
		return !secret.secretExpiresAt().isAfter(now.plus(Duration.ofDays(days)));
	}

	/** Registered clients: all, enabled, disabled, and idle (enabled or not). */
	public record ClientCounts(long total, long enabled, long disabled, long idle) {
	}

	/** The key that signs now, and for how long it has. */
	public record ActiveKey(String kid, String alg, Instant activatedAt, long ageSeconds) {

		static ActiveKey of(KeyFacts key, Instant now) {
			Instant since = (key.activatedAt() != null) ? key.activatedAt() : key.createdAt();
			return new ActiveKey(key.kid(), key.alg(), since, Math.max(0, Duration.between(since, now).toSeconds()));
		}

	}

	/** How many keys are in each published state. */
	public record KeyCounts(long next, long active, long retiring) {
	}

	/**
	 * Clients whose current secret expires within 7, 30 and 60 days (not yet expired),
	 * and those within 60 days, soonest first.
	 */
	public record SecretsExpiring(long within7, long within30, long within60, List<SecretExpiry> clients) {
	}

	/** A client's current secret and when it stops working. */
	public record SecretExpiry(String clientId, String name, Instant secretExpiresAt) {
	}

}
