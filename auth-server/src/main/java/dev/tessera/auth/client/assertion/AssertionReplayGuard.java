package dev.tessera.auth.client.assertion;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.tessera.auth.audit.AuditedWrite;
import dev.tessera.auth.audit.AuditedWriteScope;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Makes a client assertion single-use across every node (RFC 7523 §3, item 7): the
 * first use of a {@code (client_id, jti)} pair wins an insert into PostgreSQL, any later
 * use finds the row and loses. A live row is never taken over; an expired one may be (a
 * {@code jti} reused long after the fact). The row lives until the assertion itself
 * could no longer be accepted; a scheduled sweep removes it after that.
 * <p>
 * On the token and introspection endpoints the insert rides in the transaction of the
 * request's audit event ({@link AuditedWrite}), so a token costs one batched write, not
 * two commits; a replay loses there and its request gets {@code invalid_client} instead
 * of its answer. Elsewhere (revocation acts before it records) the insert commits at once.
 */
public class AssertionReplayGuard {

	/**
	 * Changes one row on a first use (or over an expired row), none on a replay; binds
	 * client id, jti, expiry and now.
	 */
	public static final String RECORD_USE = """
			insert into used_client_assertion (client_id, jti, expires_at)
			values (?, ?, ?)
			on conflict (client_id, jti) do update set expires_at = excluded.expires_at
			where used_client_assertion.expires_at <= ?""";

	static final Map<String, Object> REPLAYED = Map.of("error", "invalid_client", "stage", "client_authentication",
			"reason", "assertion_replayed");

	private final JdbcTemplate jdbc;

	private final UsedAssertionRepository repository;

	private final Clock clock;

	public AssertionReplayGuard(JdbcTemplate jdbc, UsedAssertionRepository repository, Clock clock) {
		this.jdbc = jdbc;
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * Records the assertion as used, with the request's audit event where the endpoint
	 * allows it, else at once.
	 * @param expiresAt when the assertion stops being acceptable (its {@code exp} plus
	 * the allowed clock skew)
	 * @return false if it was used before; true if it is recorded now, or will be with
	 * the audit event (where a replay still fails the request)
	 */
	public boolean firstUse(String clientId, String jti, Instant expiresAt) {
		List<Object> parameters = List.of(clientId, jti, utc(expiresAt), utc(this.clock.instant()));
		if (AuditedWriteScope.attach(new AuditedWrite(RECORD_USE, parameters, REPLAYED))) {
			return true;
		}
		return this.jdbc.update(RECORD_USE, parameters.toArray()) == 1;
	}

	/** Forgets assertions that have expired: they are refused on their {@code exp} now. */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
	public void removeExpired() {
		this.repository.deleteExpired(this.clock.instant());
	}

	private static OffsetDateTime utc(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
