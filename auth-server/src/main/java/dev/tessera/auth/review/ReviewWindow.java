package dev.tessera.auth.review;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * The days a figure covers: the last {@code days} UTC dates, today included ({@code from}
 * is {@code days - 1} days before {@code to}). Rollups count whole UTC days, so today
 * counts what it holds so far.
 */
public record ReviewWindow(int days, LocalDate from, LocalDate to) {

	/** The widest window a caller may ask for: a year and a bit. */
	public static final int MAX_DAYS = 400;

	public ReviewWindow {
		if (days < 1 || days > MAX_DAYS || !from.plusDays(days - 1).equals(to)) {
			throw new IllegalArgumentException("A window is 1.." + MAX_DAYS + " days ending on 'to'");
		}
	}

	/** The {@code days} dates up to {@code today}. */
	public static ReviewWindow ending(LocalDate today, int days) {
		if (days < 1 || days > MAX_DAYS) {
			throw new IllegalArgumentException("days must be 1.." + MAX_DAYS);
		}
		return new ReviewWindow(days, today.minusDays(days - 1), today);
	}

	/**
	 * The window a caller asked for ({@code days} as given in the query, null or blank
	 * for {@code defaultDays}).
	 * @throws InvalidInputProblem naming {@code days} unless it is a whole number from 1
	 * to {@value #MAX_DAYS}
	 */
	public static ReviewWindow parse(String days, int defaultDays, LocalDate today) {
		if (days == null || days.isBlank()) {
			return ending(today, defaultDays);
		}
		int parsed;
		try {
			parsed = Integer.parseInt(days.trim());
		}
		catch (NumberFormatException ex) {
			parsed = -1;
		}
		if (parsed < 1 || parsed > MAX_DAYS) {
			throw new InvalidInputProblem("days", "must be a whole number from 1 to " + MAX_DAYS);
		}
		return ending(today, parsed);
	}

	/** Whether the date is one of the window's. */
	public boolean contains(LocalDate date) {
		return !date.isBefore(this.from) && !date.isAfter(this.to);
	}

	/** One entry per date of the window, oldest first, zero where nothing was counted. */
	public List<DayCount> everyDay(Map<LocalDate, Long> counts) {
		List<DayCount> days = new ArrayList<>(this.days);
		for (LocalDate date = this.from; !date.isAfter(this.to); date = date.plusDays(1)) {
			days.add(new DayCount(date, counts.getOrDefault(date, 0L)));
		}
		return days;
	}

	/** Tokens issued on one date. */
	public record DayCount(LocalDate date, long tokens) {
	}

}
