package dev.tessera.admin.keys;

import java.time.Duration;
import java.time.Instant;

/**
 * Dates as an operator reads them at a glance: "3 days ago", "in 5 hours". The largest
 * whole unit only (days, hours, minutes), since the exact instant is shown beside it.
 */
public final class Ages {

	private Ages() {
	}

	/** A duration in its largest whole unit, such as "3 days" or "1 hour". */
	public static String of(Duration duration) {
		Duration d = duration.abs();
		if (d.toDays() > 0) {
			return plural(d.toDays(), "day");
		}
		if (d.toHours() > 0) {
			return plural(d.toHours(), "hour");
		}
		if (d.toMinutes() > 0) {
			return plural(d.toMinutes(), "minute");
		}
		return "less than a minute";
	}

	/** How far an instant lies from now: "3 days ago", "in 2 hours", or "" for none. */
	public static String relative(Instant instant, Instant now) {
		if (instant == null) {
			return "";
		}
		Duration between = Duration.between(now, instant);
		String amount = of(between);
		if (between.abs().toMinutes() == 0) {
			return "just now";
		}
		return between.isNegative() ? amount + " ago" : "in " + amount;
	}

	private static String plural(long value, String unit) {
		return value + " " + unit + ((value == 1) ? "" : "s");
	}

}
