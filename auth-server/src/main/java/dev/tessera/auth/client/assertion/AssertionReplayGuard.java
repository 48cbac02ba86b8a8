package dev.tessera.auth.client.assertion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.JoinedWrite;
import dev.tessera.auth.client.assertion.UsedAssertionWrite.Use;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * Makes a client assertion single-use across every node (RFC 7523 §3, item 7): the first
 * use of a {@code (client_id, jti)} pair wins an insert into PostgreSQL, any later use
 * finds the row and loses. A live row is never taken over; an expired one may be (a
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
 * Where the caller answers only after its audit event is committed, and acts on nothing
 * before (a {@code client_credentials} token request, introspection), the use rides in
 * that event's transaction ({@link #joinedUse}, a {@link UsedAssertionWrite}), so a token
 * costs one batched write, not two commits; a replay loses there and its request gets
 * {@code invalid_client} instead of its answer. Elsewhere (revocation acts before it
 * answers) the use is committed at once ({@link #recordUse}).
 */
public class AssertionReplayGuard {

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
	 * The use of the assertion the client authenticated with, as a write to commit with
	 * the request's audit event; none for a client that did not authenticate with an
	 * assertion.
	 * @param client the authenticated client, whose credentials are the verified
	 * assertion for {@code private_key_jwt}
	 */
	public List<JoinedWrite<?>> joinedUse(OAuth2ClientAuthenticationToken client) {
		Use use = useOf(client);
		return (use != null) ? List.of(UsedAssertionWrite.INSTANCE.of(use)) : List.of();
	}

	/**
	 * Records the use of the assertion the client authenticated with, committed at once;
	 * nothing for a client that did not authenticate with an assertion.
	 * @throws ReplayedAssertionException if it was used before
	 */
	public void recordUse(OAuth2ClientAuthenticationToken client) {
		Use use = useOf(client);
		if (use != null && !firstUse(use.clientId(), use.jti(), use.rememberUntil())) {
			throw new ReplayedAssertionException(use.clientId());
		}
	}

	/**
	 * Records the assertion as used, committed at once.
	 * @param rememberUntil until when to remember it
	 * ({@link ClientAssertionClaims#rememberUntil})
	 * @return false if it was used before
	 */
	public boolean firstUse(String clientId, String jti, Instant rememberUntil) {
		return this.jdbc.update(UsedAssertionWrite.RECORD_USE, new Use(clientId, jti, rememberUntil).parameters()) == 1;
	}

	/** The use to record, if the client authenticated with a (verified) assertion. */
	private static Use useOf(OAuth2ClientAuthenticationToken client) {
		if (!client.isAuthenticated() || client.getRegisteredClient() == null
				|| !ClientAuthenticationMethod.PRIVATE_KEY_JWT.equals(client.getClientAuthenticationMethod())
				|| !(client.getCredentials() instanceof Jwt assertion)) {
			return null;
		}
		return new Use(client.getRegisteredClient().getClientId(), assertion.getId(),
				ClientAssertionClaims.rememberUntil(assertion.getExpiresAt()));
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
