package dev.tessera.admin.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The audit filter's time fields: a browser's {@code datetime-local} value
 * ({@code 2026-11-30T14:05}, seconds optional) read as UTC, since the trail is kept and
 * shown in UTC, and turned into the ISO instant the admin API takes.
 */
public final class LocalTimes {

	private LocalTimes() {
	}

	/**
	 * The instant of a {@code datetime-local} value read as UTC, or null for a blank one.
	 * @throws IllegalArgumentException for a value that is not a date and time
	 */
	public static Instant toInstant(String datetimeLocal) {
		if (datetimeLocal == null || datetimeLocal.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(datetimeLocal.strip()).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("must be a date and time such as 2026-11-30T14:05", ex);
		}
	}

}
