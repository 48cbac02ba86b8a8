package dev.tessera.auth.audit.query;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTimestamps;
import dev.tessera.auth.problem.InvalidInputProblem;

/**
 * Where a paged reading of the trail continues: the last event's position in the order
 * {@code (occurred_at, id)}. Keyset paging rather than offsets, so a page costs the same
 * deep in a seven-year trail as at its start, and appends do not shift pages. Handed to
 * clients as opaque base64url: 8 bytes of microseconds, 16 bytes of id.
 */
public record AuditCursor(long occurredAtMicros, UUID id) {

	private static final int LENGTH = Long.BYTES + 2 * Long.BYTES;

	public static AuditCursor after(AuditRow event) {
		return new AuditCursor(AuditTimestamps.micros(event.occurredAt()), event.id());
	}

	public Instant occurredAt() {
		return Instant.EPOCH.plus(this.occurredAtMicros, ChronoUnit.MICROS);
	}

	public String encode() {
		ByteBuffer bytes = ByteBuffer.allocate(LENGTH)
			.putLong(this.occurredAtMicros)
			.putLong(this.id.getMostSignificantBits())
			.putLong(this.id.getLeastSignificantBits());
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
	}

	/**
	 * @throws InvalidInputProblem naming {@code cursor} when it is not one this server
	 * handed out
	 */
	public static AuditCursor decode(String cursor) {
		byte[] raw;
		try {
			raw = Base64.getUrlDecoder().decode(cursor.trim());
		}
		catch (IllegalArgumentException ex) {
			raw = null;
		}
		if (raw == null || raw.length != LENGTH) {
			throw new InvalidInputProblem("cursor", "is not a cursor returned by this API");
		}
		ByteBuffer bytes = ByteBuffer.wrap(raw);
		AuditCursor decoded = new AuditCursor(bytes.getLong(), new UUID(bytes.getLong(), bytes.getLong()));
		if (!AuditTimestamps.inRange(decoded.occurredAt())) {
			throw new InvalidInputProblem("cursor", "is not a cursor returned by this API");
		}
		return decoded;
	}

}
