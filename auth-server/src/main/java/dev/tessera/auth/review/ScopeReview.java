package dev.tessera.auth.review;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scope review: for each registered client, the scopes it holds against those it
 * received in tokens within the window, so scopes nobody uses can be taken away; which
 * clients are idle ({@link IdleRule}) and whose secrets are past their rotation
 * ({@link SecretRotationRule}). Clients sorted by id; the date of the last token per
 * scope ({@code lastReceived}) lets a reader narrow a long window to a shorter one
 * without asking again.
 *
 * @param idleDays the {@link IdleRule}'s period, whatever the window
 * @param idleClients the ids of the idle clients, sorted
 * @param secretsPastRotation the ids of the clients whose secret is past its rotation,
 * sorted
 */
public record ScopeReview(int days, LocalDate from, LocalDate to, int idleDays, List<ClientReview> clients,
		List<String> idleClients, List<String> secretsPastRotation) {

	/**
	 * @param usage the window's token counts per client and scope (the {@code ""} rows
	 * included)
	 * @param lastTokenDays each client's last UTC date with a token, ever
	 */
	public static ScopeReview of(ReviewWindow window, List<ClientFacts> clients, List<ScopeUsage> usage,
			Map<String, LocalDate> lastTokenDays, Instant now) {
		Map<String, List<ScopeUsage>> byClient = usage.stream().collect(Collectors.groupingBy(ScopeUsage::clientId));
		List<ClientReview> reviews = clients.stream()
			.sorted(Comparator.comparing(ClientFacts::clientId))
			.map(client -> ClientReview.of(client, byClient.getOrDefault(client.clientId(), List.of()),
					lastTokenDays.get(client.clientId()), now))
			.toList();
		return new ScopeReview(window.days(), window.from(), window.to(), IdleRule.DAYS, reviews,
				reviews.stream().filter(ClientReview::idle).map(ClientReview::clientId).toList(),
				reviews.stream().filter(ClientReview::secretPastRotation).map(ClientReview::clientId).toList());
	}

	/**
	 * One client's line of the review.
	 *
	 * @param scopes the scopes it holds, sorted
	 * @param received the scopes it received in the window (held or not any more), sorted
	 * @param unusedScopes the scopes it holds but did not receive in the window, sorted
	 * @param tokens the tokens it got in the window
	 * @param lastTokenOn its last UTC date with a token, ever (null if never)
	 */
	public record ClientReview(String clientId, String name, boolean enabled, Instant createdAt, List<String> scopes,
			List<ReceivedScope> received, List<String> unusedScopes, long tokens, LocalDate lastTokenOn, boolean idle,
			Instant secretCreatedAt, Instant secretExpiresAt, boolean secretPastRotation, List<String> authMethods) {

		static ClientReview of(ClientFacts client, List<ScopeUsage> usage, LocalDate lastTokenOn, Instant now) {
			long tokens = 0;
			Map<String, ReceivedScope> received = new HashMap<>();
			for (ScopeUsage row : usage) {
				if (row.isTotal()) {
					tokens = row.tokens();
				}
				else {
					received.put(row.scope(), new ReceivedScope(row.scope(), row.tokens(), row.lastReceived()));
				}
			}
			Set<String> receivedScopes = received.keySet();
			return new ClientReview(client.clientId(), client.name(), client.enabled(), client.createdAt(),
					client.scopes(), ReceivedScope.sorted(received.values()),
					client.scopes().stream().filter(scope -> !receivedScopes.contains(scope)).toList(), tokens,
					lastTokenOn, IdleRule.isIdle(client, lastTokenOn, now), client.secretCreatedAt(),
					client.secretExpiresAt(), SecretRotationRule.isPastRotation(client, now), client.authMethods());
		}

	}

	/** Tokens with one scope in a window, and the last UTC date one was issued. */
	public record ReceivedScope(String scope, long tokens, LocalDate lastReceived) {

		static List<ReceivedScope> sorted(java.util.Collection<ReceivedScope> scopes) {
			List<ReceivedScope> sorted = new ArrayList<>(scopes);
			sorted.sort(Comparator.comparing(ReceivedScope::scope));
			return List.copyOf(sorted);
		}

	}

}
