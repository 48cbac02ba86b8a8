package dev.tessera.auth.certificate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a certificate's expiry is announced: once for each threshold
 * ({@code tessera.certificates.warning-days}, 60, 30 and 7 by default) when fewer than
 * that many days are left, and once when it has expired. A certificate first seen inside
 * several thresholds (added late, or a node down for weeks) gets one warning, for the
 * tightest, and every threshold it is inside is marked given, so none of them is
 * announced later; a threshold already given is never given again. A certificate expired
 * for longer than {@link #REMEMBERED} is not announced any more: its warnings are
 * forgotten then, and a certificate still listed that long after is old news.
 */
public final class ExpiryThresholds {

	/** The widest threshold: ten years. */
	public static final int MAX_DAYS = 3650;

	/** How long after its expiry a certificate's warnings are remembered. */
	public static final Duration REMEMBERED = Duration.ofDays(365);

	/** The threshold that stands for "expired" in a {@link Notice}. */
	public static final int EXPIRED = 0;

	private final List<Integer> days;

	/**
	 * @param days the thresholds in days, each 1 to {@value #MAX_DAYS}
	 * @throws IllegalArgumentException naming the setting for anything else
	 */
	public ExpiryThresholds(List<Integer> days) {
		TreeSet<Integer> sorted = new TreeSet<>();
		for (Integer day : days) {
			if (day == null || day < 1 || day > MAX_DAYS) {
				throw new IllegalArgumentException(
						"tessera.certificates.warning-days must be whole days from 1 to " + MAX_DAYS + ", not " + day);
			}
			sorted.add(day);
		}
		this.days = List.copyOf(sorted.descendingSet());
	}

	/** The thresholds, widest first. */
	public List<Integer> days() {
		return this.days;
	}

	/**
	 * What to announce about a certificate now.
	 * @param notAfter when it expires
	 * @param given the thresholds already given for it ({@link #EXPIRED} included)
	 * @return the notice, or empty when there is nothing new to say
	 */
	public Optional<Notice> due(Instant notAfter, Instant now, Set<Integer> given) {
		if (notAfter.plus(REMEMBERED).isBefore(now)) {
			return Optional.empty();
		}
		if (!notAfter.isAfter(now)) {
			return given.contains(EXPIRED) ? Optional.empty() : Optional.of(new Notice(EXPIRED, Set.of()));
		}
		Duration left = Duration.between(now, notAfter);
		TreeSet<Integer> inside = new TreeSet<>();
		for (int day : this.days) {
			if (left.compareTo(Duration.ofDays(day)) <= 0) {
				inside.add(day);
			}
		}
		if (inside.isEmpty() || given.contains(inside.first())) {
			return Optional.empty();
		}
		int tightest = inside.first();
		inside.remove(tightest);
		inside.removeAll(given);
		return Optional.of(new Notice(tightest, Set.copyOf(inside)));
	}

	/**
	 * One announcement.
	 *
	 * @param threshold the threshold announced (days), or {@link #EXPIRED}
	 * @param alsoGiven the wider thresholds it is inside, marked given with it and never
	 * announced on their own
	 */
	public record Notice(int threshold, Set<Integer> alsoGiven) {

		public boolean expired() {
			return this.threshold == EXPIRED;
		}

	}

}
