package dev.tessera.auth.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * How audit times are written for people and other systems: ISO-8601 in UTC with always
 * six fractional digits, the trail's microsecond precision. ({@link Instant}'s own form
 * drops trailing zero digits, so two stamps of one second could look differently
 * precise.)
 */
public final class AuditTimestamps {

	private static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX")
		.withZone(ZoneOffset.UTC);

	/** Compact and safe in file names. */
	private static final DateTimeFormatter FILE_NAME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSSX")
		.withZone(ZoneOffset.UTC);

	private AuditTimestamps() {
	}

	public static String iso(Instant instant) {
		return ISO_MICROS.format(instant);
	}

	public static String forFileName(Instant instant) {
		return FILE_NAME.format(instant);
	}

	/** Microseconds since the epoch: PostgreSQL's timestamptz precision. */
	public static long micros(Instant instant) {
		return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
	}

	private static final Instant FIRST = Instant.EPOCH;

	private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

	/**
	 * Whether PostgreSQL (and the audit trail) can hold this instant; outside is a 400.
	 */
	public static boolean inRange(Instant instant) {
		return !instant.isBefore(FIRST) && !instant.isAfter(LAST);
	}

}
