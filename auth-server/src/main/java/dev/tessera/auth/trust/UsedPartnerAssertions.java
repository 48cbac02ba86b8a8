package dev.tessera.auth.trust;

import java.time.Instant;
import java.util.Map;

import dev.tessera.auth.audit.JoinedWrite;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Makes a partner assertion single-use across every node (RFC 7523 §3, item 7): its
 * {@code (issuer, jti)} is inserted into PostgreSQL in the transaction of the exchange's
 * audit event ({@link #joinedUse}), so a token costs one batched write and no token
 * leaves before the use is durable; a replay on any node finds the row and is refused as
 * {@code invalid_grant}. A row is remembered until the assertion could no longer be
 * accepted on any node, decided on the database's clock, then swept.
 */
public class UsedPartnerAssertions {

	private final JdbcTemplate jdbc;

	public UsedPartnerAssertions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The use of this assertion, to commit with the exchange's audit event.
	 * @param rememberUntil until when, on the database's clock, a replay must be caught
	 * @param auditDetail the exchange's audit detail, recorded with a replay's refusal
	 */
	public JoinedWrite<?> joinedUse(String issuer, String jti, Instant rememberUntil, Map<String, Object> auditDetail) {
		return UsedPartnerAssertionWrite.INSTANCE
			.of(new UsedPartnerAssertionWrite.Use(issuer, jti, rememberUntil, Map.copyOf(auditDetail)));
	}

	/**
	 * Forgets assertions expired on the database's clock: no node accepts them any more.
	 */
	@Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT5M")
	public void removeExpired() {
		this.jdbc.update("delete from used_partner_assertion where expires_at < clock_timestamp()");
	}

}
