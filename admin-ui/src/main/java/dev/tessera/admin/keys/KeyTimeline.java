package dev.tessera.admin.keys;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The keys in the order of their life, as the keys page shows them: the published ones
 * first, from the future to the past (NEXT, then ACTIVE, then RETIRING, the latest to
 * retire first), then the keys that are gone (RETIRED, REVOKED), newest first.
 *
 * @param published NEXT, ACTIVE and RETIRING keys
 * @param gone retired and revoked keys
 */
public record KeyTimeline(List<SigningKey> published, List<SigningKey> gone) {

	private static final List<String> ORDER = List.of("NEXT", "ACTIVE", "RETIRING");

	private static final Comparator<Instant> NEWEST_FIRST = Comparator.nullsLast(Comparator.reverseOrder());

	public static KeyTimeline of(List<SigningKey> keys) {
		List<SigningKey> published = keys.stream()
			.filter(SigningKey::isPublished)
			.sorted(Comparator.comparingInt((SigningKey key) -> ORDER.indexOf(key.status()))
				.thenComparing(SigningKey::retiresAt, NEWEST_FIRST)
				.thenComparing(SigningKey::createdAt, NEWEST_FIRST))
			.toList();
		List<SigningKey> gone = keys.stream()
			.filter(key -> !key.isPublished())
			.sorted(Comparator.comparing(SigningKey::createdAt, NEWEST_FIRST))
			.toList();
		return new KeyTimeline(published, gone);
	}

	/** Whether a NEXT key is published. */
	public boolean hasNext() {
		return this.published.stream().anyMatch(key -> "NEXT".equals(key.status()));
	}

	/** The key that signs now, or null. */
	public SigningKey active() {
		return this.published.stream().filter(key -> "ACTIVE".equals(key.status())).findFirst().orElse(null);
	}

}
