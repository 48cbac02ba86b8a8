package dev.tessera.auth.review;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.tessera.auth.client.ClientAdministration;
import dev.tessera.auth.key.KeyLifecycle;
import dev.tessera.auth.key.KeyRotation;
import dev.tessera.auth.key.SigningKey;
import dev.tessera.auth.key.SigningKeyStatus;

/**
 * The figures the console and scripted reviews read: the {@link ScopeReview}, the
 * {@link Overview} and one client's {@link ClientUsage}. Token and outcome counts come
 * from the rollups ({@link RollupReader}), clients and keys from their own tables; the
 * rules are the plain classes of this package.
 */
public class Reviews {

	/** The review's window unless the caller names one. */
	public static final int DEFAULT_REVIEW_DAYS = 90;

	/** A client's usage window unless the caller names one. */
	public static final int DEFAULT_USAGE_DAYS = 30;

	private final RollupReader rollups;

	private final ClientAdministration clients;

	private final KeyRotation keys;

	private final KeyLifecycle keySchedule;

	private final Duration defaultSecretTtl;

	private final Clock clock;

	public Reviews(RollupReader rollups, ClientAdministration clients, KeyRotation keys, KeyLifecycle keySchedule,
			Duration defaultSecretTtl, Clock clock) {
		this.rollups = rollups;
		this.clients = clients;
		this.keys = keys;
		this.keySchedule = keySchedule;
		this.defaultSecretTtl = defaultSecretTtl;
		this.clock = clock;
	}

	/** Today's UTC date, which windows end on. */
	public LocalDate today() {
		return LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
	}

	public ScopeReview scopes(ReviewWindow window) {
		Instant now = this.clock.instant();
		return ScopeReview.of(window, clientFacts(), this.rollups.scopeUsage(window), this.rollups.lastTokenDays(),
				now);
	}

	/**
	 * The overview; failed authentications count the current hour and the 24 whole hours
	 * before it.
	 */
	public Overview overview() {
		Instant now = this.clock.instant();
		List<SigningKey> signingKeys = this.keys.list();
		Instant nextRotationAt = signingKeys.stream()
			.filter(key -> key.getStatus() == SigningKeyStatus.ACTIVE)
			.findFirst()
			.map(this.keySchedule::rotationDue)
			.orElse(null);
		List<KeyFacts> keyFacts = signingKeys.stream()
			.map(key -> new KeyFacts(key.getKid(), key.getAlg(), key.getStatus().name(), key.getCreatedAt(),
					key.getActivatedAt()))
			.toList();
		ReviewWindow tokenWindow = ReviewWindow.ending(LocalDate.ofInstant(now, ZoneOffset.UTC), Overview.TOKEN_DAYS);
		Map<LocalDate, Long> tokensPerDay = this.rollups.tokensPerDay(tokenWindow);
		long failed = this.rollups.failedAuthentications(now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(24)));
		return Overview.of(clientFacts(), this.rollups.lastTokenDays(), keyFacts, nextRotationAt, failed, tokenWindow,
				tokensPerDay, now);
	}

	/**
	 * One client's usage.
	 * @throws dev.tessera.auth.problem.NotFoundProblem if no such client is registered
	 */
	public ClientUsage usage(String clientId, ReviewWindow window) {
		String registered = this.clients.get(clientId).getClientId();
		return ClientUsage.of(registered, window, this.rollups.clientUsage(registered, window));
	}

	private List<ClientFacts> clientFacts() {
		return this.clients.list().stream().map(client -> ClientFacts.of(client, this.defaultSecretTtl)).toList();
	}

}
