package dev.tessera.auth.client.assertion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.write.AuditedWrite;
import dev.tessera.auth.protocol.AuditedWriteScope;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Makes a client assertion single-use across every node (RFC 7523 §3, item 7): the
 * first use of a {@code (client_id, jti)} pair wins an insert into PostgreSQL, any later
 * use finds the row and loses. A live row is never taken over; an expired one may be (a
 * {@code jti} reused long after the fact). The row lives until the assertion could no
 * longer be accepted on any node ({@link ClientAssertionClaims#rememberUntil}); a
 * scheduled sweep removes it after that.
 * <p>
 * Whether a row has expired is decided on the database's clock
 * ({@code clock_timestamp()}), never on a node's: nodes' clocks may differ by up to the
 * allowed skew, and one running ahead must not take over or sweep a row that a node
 * running behind still needs. The node's own {@link Clock} is only compared with the
 * database's at each sweep, to warn when it is further off than that skew.
 * <p>
 * On the token and introspection endpoints the insert rides in the transaction of the
 * request's audit event ({@link AuditedWrite}), so a token costs one batched write, not
 * two commits; a replay loses there and its request gets {@code invalid_client} instead
 * of its answer. Elsewhere (revocation acts before it records) the insert commits at once.
 */
public class AssertionReplayGuard {

	/**
	 * Changes one row on a first use (or over a row expired on the database's clock), none
	 * on a replay; binds client id, jti and until when to remember it. Written as
	 * {@code insert ... select}, not {@code values}: the driver's batch rewriting
	 * ({@code reWriteBatchedInserts}) would merge a {@code values} batch into one
	 * statement and lose the per-row counts that tell a replay apart.
	 */
	public static final String RECORD_USE = """
			insert into used_client_assertion (client_id, jti, expires_at)
			select ?, ?, cast(? as timestamptz)
			on conflict (client_id, jti) do update set expires_at = excluded.expires_at
			where used_client_assertion.expires_at < clock_timestamp()""";

	static final Map<String, Object> REPLAYED = Map.of("error", "invalid_client", "stage", "client_authentication",
			"reason", "assertion_replayed");

	private static final Logger log = LoggerFactory.getLogger(AssertionReplayGuard.class);

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
	 * @param expiresAt until when to remember it (its {@code exp} plus twice the allowed
	 * clock skew)
	 * @return false if it was used before; true if it is recorded now, or will be with
	 * the audit event (where a replay still fails the request)
	 */
	public boolean firstUse(String clientId, String jti, Instant expiresAt) {
		List<Object> parameters = List.of(clientId, jti, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
		if (AuditedWriteScope.attach(new AuditedWrite(RECORD_USE, parameters, REPLAYED))) {
			return true;
		}
		return this.jdbc.update(RECORD_USE, parameters.toArray()) == 1;
	}

	/**
	 * Forgets assertions expired on the database's clock: no node accepts them any more.
	 * Warns when this node's clock is further from the database's than the allowed skew,
	 * since the retention above assumes it is not.
	 */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
	public void removeExpired() {
		this.repository.deleteExpired();
		OffsetDateTime databaseNow = this.jdbc.queryForObject("select clock_timestamp()", OffsetDateTime.class);
		Duration offset = Duration.between(databaseNow.toInstant(), this.clock.instant());
		if (offset.abs().compareTo(ClientAssertionClaims.CLOCK_SKEW) > 0) {
			log.warn("This node's clock is " + offset.toMillis() + " ms off the database's, more than the "
					+ ClientAssertionClaims.CLOCK_SKEW.toSeconds()
					+ " s allowed for client assertions: synchronise it (NTP), or assertions may be refused or "
					+ "replayable on this node");
		}
	}

}
