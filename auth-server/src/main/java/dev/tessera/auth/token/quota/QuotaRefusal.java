package dev.tessera.auth.token.quota;

import java.time.Instant;

/**
 * Why a token is refused: which quota ({@code window}, hourly or daily) of how many
 * tokens ({@code limit}) is used up, when it resets (the next UTC hour or day), and how
 * many whole seconds that is away (at least one, for {@code Retry-After}).
 */
public record QuotaRefusal(Window window, int limit, Instant resetsAt,
		long retryAfterSeconds) implements TokenQuotaCounter.Taken {

	/** The two quotas a client may have. */
	public enum Window {

		HOURLY("hourly"), DAILY("daily");

		private final String value;

		Window(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

	}

	/** What the refused client reads in {@code error_description}. */
	public String description() {
		return "the client's " + this.window.value() + " token quota of " + this.limit + " is used up; it resets at "
				+ this.resetsAt;
	}

}
