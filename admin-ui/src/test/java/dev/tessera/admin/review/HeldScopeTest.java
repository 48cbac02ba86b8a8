package dev.tessera.admin.review;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeldScopeTest {

	static final LocalDate TO = LocalDate.parse("2026-11-30");

	static ScopeReview.Client client(List<String> scopes, List<ScopeReview.Received> received, List<String> unused) {
		return new ScopeReview.Client("c1", "Client one", true, "2026-01-01T00:00:00Z", scopes, received, unused, 0,
				null, false, null, null, false, List.of("client_secret_basic"));
	}

	@Test
	void theThirtyDayViewIsDerivedFromTheLastDayReceived() {
		ScopeReview.Client client = client(
				List.of("a", "b", "c", "d"), List.of(new ScopeReview.Received("a", 7, "2026-11-30"),
						new ScopeReview.Received("b", 3, "2026-11-01"), new ScopeReview.Received("c", 2, "2026-10-31")),
				List.of("d"));

		List<HeldScope> held = HeldScope.of(client, TO);

		assertThat(held).containsExactly(new HeldScope("a", 7, "2026-11-30", true, true),
				new HeldScope("b", 3, "2026-11-01", true, true), new HeldScope("c", 2, "2026-10-31", false, true),
				new HeldScope("d", 0, null, false, false));
		assertThat(held).filteredOn(HeldScope::unused).extracting(HeldScope::scope).containsExactly("d");
	}

	@Test
	void aScopeReceivedButNoLongerHeldIsNotListed() {
		ScopeReview.Client client = client(List.of("a"), List.of(new ScopeReview.Received("gone", 1, "2026-11-29")),
				List.of("a"));

		assertThat(HeldScope.of(client, TO)).containsExactly(new HeldScope("a", 0, null, false, false));
	}

	@Test
	void aScopeTheApiCallsUnusedIsUnused() {
		ScopeReview.Client client = client(List.of("a"), List.of(new ScopeReview.Received("a", 1, "2026-11-29")),
				List.of("a"));

		assertThat(HeldScope.of(client, TO).get(0).unused()).isTrue();
	}

}
