package dev.tessera.auth.review;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.review.Overview.ActiveKey;
import dev.tessera.auth.review.Overview.ClientCounts;
import dev.tessera.auth.review.Overview.KeyCounts;
import dev.tessera.auth.review.Overview.SecretExpiry;
import dev.tessera.auth.review.ReviewWindow.DayCount;
import dev.tessera.auth.review.ScopeReview.ClientReview;
import dev.tessera.auth.review.ScopeReview.ReceivedScope;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures built from rollup sums, clients and keys: the scope review, one client's
 * usage and the overview.
 */
class ReviewFiguresTest {

	static final Instant NOW = Instant.parse("2026-11-30T15:00:00Z");

	static final LocalDate TODAY = LocalDate.parse("2026-11-30");

	static final Duration TTL = Duration.ofDays(90);

	final ClientFacts orders = new ClientFacts("orders", "Orders", true, NOW.minus(Duration.ofDays(200)),
			List.of("orders:write", "orders:read", "orders:admin"),
			List.of("client_secret_post", "client_secret_basic"), NOW.minus(Duration.ofDays(100)),
			NOW.minus(Duration.ofDays(10)), TTL);

	final ClientFacts billing = new ClientFacts("billing", "Billing", false, NOW.minus(Duration.ofDays(120)),
			List.of("billing:read"), List.of("private_key_jwt"), null, null, TTL);

	final ClientFacts fresh = new ClientFacts("fresh", "Fresh", true, NOW.minus(Duration.ofDays(2)),
			List.of("orders:read"), List.of("client_secret_basic"), NOW.minus(Duration.ofDays(2)),
			NOW.plus(Duration.ofDays(5)), TTL);

	@Test
	void theReviewSetsHeldScopesAgainstReceivedOnes() {
		ReviewWindow window = ReviewWindow.ending(TODAY, 90);
		List<ScopeUsage> usage = List.of(new ScopeUsage("orders", "", 12, TODAY.minusDays(1)),
				new ScopeUsage("orders", "orders:read", 12, TODAY.minusDays(1)),
				new ScopeUsage("orders", "orders:write", 2, TODAY.minusDays(40)),
				// a scope it no longer holds still shows as received
				new ScopeUsage("orders", "legacy:scope", 1, TODAY.minusDays(80)),
				// a client that no longer exists is not reviewed
				new ScopeUsage("gone", "", 5, TODAY));

		ScopeReview review = ScopeReview.of(window, List.of(this.orders, this.billing, this.fresh), usage,
				Map.of("orders", TODAY.minusDays(1), "billing", TODAY.minusDays(100), "gone", TODAY), NOW);

		assertThat(review.days()).isEqualTo(90);
		assertThat(review.from()).isEqualTo(window.from());
		assertThat(review.to()).isEqualTo(TODAY);
		assertThat(review.idleDays()).isEqualTo(90);
		assertThat(review.clients()).extracting(ClientReview::clientId).containsExactly("billing", "fresh", "orders");
		ClientReview orders = review.clients().get(2);
		assertThat(orders.scopes()).containsExactly("orders:admin", "orders:read", "orders:write");
		assertThat(orders.received()).containsExactly(new ReceivedScope("legacy:scope", 1, TODAY.minusDays(80)),
				new ReceivedScope("orders:read", 12, TODAY.minusDays(1)),
				new ReceivedScope("orders:write", 2, TODAY.minusDays(40)));
		assertThat(orders.unusedScopes()).containsExactly("orders:admin");
		assertThat(orders.tokens()).isEqualTo(12);
		assertThat(orders.lastTokenOn()).isEqualTo(TODAY.minusDays(1));
		assertThat(orders.idle()).isFalse();
		assertThat(orders.secretPastRotation()).isTrue();
		assertThat(orders.authMethods()).containsExactly("client_secret_basic", "client_secret_post");
		assertThat(orders.name()).isEqualTo("Orders");
		assertThat(orders.enabled()).isTrue();

		ClientReview billing = review.clients().get(0);
		assertThat(billing.received()).isEmpty();
		assertThat(billing.unusedScopes()).containsExactly("billing:read");
		assertThat(billing.tokens()).isZero();
		assertThat(billing.lastTokenOn()).isEqualTo(TODAY.minusDays(100));
		assertThat(billing.idle()).isTrue();
		assertThat(billing.secretCreatedAt()).isNull();
		assertThat(billing.secretPastRotation()).isFalse();

		ClientReview fresh = review.clients().get(1);
		assertThat(fresh.lastTokenOn()).isNull();
		assertThat(fresh.idle()).isFalse();

		assertThat(review.idleClients()).containsExactly("billing");
		assertThat(review.secretsPastRotation()).containsExactly("orders");
	}

	@Test
	void aClientsUsageHasEveryDayOfTheWindowAndItsScopes() {
		ReviewWindow window = ReviewWindow.ending(TODAY, 3);
		ClientUsage usage = ClientUsage.of("orders", window,
				List.of(new ClientUsage.Row(TODAY, "", 3), new ClientUsage.Row(TODAY, "orders:read", 3),
						new ClientUsage.Row(TODAY.minusDays(2), "", 1),
						new ClientUsage.Row(TODAY.minusDays(2), "orders:write", 1),
						new ClientUsage.Row(TODAY.minusDays(2), "orders:read", 1)));

		assertThat(usage.clientId()).isEqualTo("orders");
		assertThat(usage.days()).isEqualTo(3);
		assertThat(usage.tokensPerDay()).containsExactly(new DayCount(TODAY.minusDays(2), 1),
				new DayCount(TODAY.minusDays(1), 0), new DayCount(TODAY, 3));
		assertThat(usage.scopes()).containsExactly(new ReceivedScope("orders:read", 4, TODAY),
				new ReceivedScope("orders:write", 1, TODAY.minusDays(2)));
	}

	@Test
	void theOverviewCountsClientsKeysSecretsAndTokens() {
		List<ClientFacts> clients = List.of(this.orders, this.billing, this.fresh,
				withSecretExpiring("soon", NOW.plus(Duration.ofDays(7))),
				withSecretExpiring("month", NOW.plus(Duration.ofDays(29))),
				withSecretExpiring("later", NOW.plus(Duration.ofDays(60))),
				withSecretExpiring("far", NOW.plus(Duration.ofDays(61))), withSecretExpiring("justnow", NOW));
		Map<String, LocalDate> lastTokenDays = new HashMap<>();
		for (String clientId : List.of("soon", "month", "later", "far", "justnow", "orders")) {
			lastTokenDays.put(clientId, TODAY);
		}
		List<KeyFacts> keys = List.of(
				new KeyFacts("old", "RS256", "RETIRED", NOW.minus(Duration.ofDays(90)), NOW.minus(Duration.ofDays(80))),
				new KeyFacts("k1", "RS256", "RETIRING", NOW.minus(Duration.ofDays(40)), NOW.minus(Duration.ofDays(35))),
				new KeyFacts("k2", "ES256", "ACTIVE", NOW.minus(Duration.ofDays(6)), NOW.minus(Duration.ofDays(5))),
				new KeyFacts("k3", "ES256", "NEXT", NOW.minus(Duration.ofHours(1)), null));
		ReviewWindow window = ReviewWindow.ending(TODAY, Overview.TOKEN_DAYS);

		Overview overview = Overview.of(clients, lastTokenDays, keys, NOW.plus(Duration.ofDays(25)), 7, window,
				Map.of(TODAY, 4L, TODAY.minusDays(29), 2L), NOW);

		assertThat(overview.clients()).isEqualTo(new ClientCounts(8, 7, 1, 1));
		assertThat(overview.activeKey())
			.isEqualTo(new ActiveKey("k2", "ES256", NOW.minus(Duration.ofDays(5)), Duration.ofDays(5).toSeconds()));
		assertThat(overview.nextRotationAt()).isEqualTo(NOW.plus(Duration.ofDays(25)));
		assertThat(overview.keys()).isEqualTo(new KeyCounts(1, 1, 1));
		assertThat(overview.secretsExpiring().within7()).isEqualTo(2);
		assertThat(overview.secretsExpiring().within30()).isEqualTo(3);
		assertThat(overview.secretsExpiring().within60()).isEqualTo(4);
		assertThat(overview.secretsExpiring().clients()).extracting(SecretExpiry::clientId)
			.containsExactly("fresh", "soon", "month", "later");
		assertThat(overview.secretsExpired()).extracting(SecretExpiry::clientId).containsExactly("orders", "justnow");
		assertThat(overview.failedAuthentications24h()).isEqualTo(7);
		assertThat(overview.tokensPerDay()).hasSize(30);
		assertThat(overview.tokensPerDay().get(0)).isEqualTo(new DayCount(TODAY.minusDays(29), 2));
		assertThat(overview.tokensPerDay().get(29)).isEqualTo(new DayCount(TODAY, 4));
		assertThat(overview.tokensPerDay()).extracting(DayCount::tokens).containsOnly(0L, 2L, 4L);
	}

	@Test
	void withoutAnActiveKeyTheOverviewSaysSo() {
		Overview overview = Overview.of(List.of(), Map.of(), List.of(), NOW, 0, ReviewWindow.ending(TODAY, 30),
				Map.of(), NOW);
		assertThat(overview.activeKey()).isNull();
		assertThat(overview.nextRotationAt()).isNull();
		assertThat(overview.clients()).isEqualTo(new ClientCounts(0, 0, 0, 0));
		assertThat(overview.tokensPerDay()).hasSize(30).extracting(DayCount::tokens).containsOnly(0L);
	}

	ClientFacts withSecretExpiring(String clientId, Instant expiresAt) {
		return new ClientFacts(clientId, clientId, true, NOW.minus(Duration.ofDays(1)), List.of(),
				List.of("client_secret_basic"), NOW.minus(Duration.ofDays(1)), expiresAt, TTL);
	}

}
