package dev.tessera.auth.token;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.client.ClientSecurityChanged;
import dev.tessera.auth.user.UserSecurityChanged;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Housekeeping of the authorizations people gave clients (the
 * {@code oauth2_authorization} rows {@link HashedAuthorizationService} keeps), so the
 * table stays as small as the families alive: a family goes a day after its refresh token
 * expired, one without a refresh token (a code never exchanged, a client without refresh
 * tokens, an abandoned consent) a day after it began. A person whose password, roles or
 * enabled flag changed, or who was deleted, loses every family at once: its rows go and
 * its access tokens go on the deny list.
 */
public class StoredAuthorizations {

	private static final Logger log = LoggerFactory.getLogger(StoredAuthorizations.class);

	private static final Duration KEPT_AFTER_END = Duration.ofDays(1);

	private final JdbcTemplate jdbc;

	private final TransactionOperations transactions;

	private final Clock clock;

	private final Duration maxAccessTokenTtl;

	public StoredAuthorizations(JdbcTemplate jdbc, TransactionOperations transactions, Clock clock,
			Duration maxAccessTokenTtl) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
		this.maxAccessTokenTtl = maxAccessTokenTtl;
	}

	@Scheduled(initialDelayString = "PT2M", fixedDelayString = "PT10M")
	public void removeEnded() {
		Timestamp cutoff = Timestamp.from(this.clock.instant().minus(KEPT_AFTER_END));
		int removed = this.jdbc.update("""
				delete from oauth2_authorization
				 where (refresh_token_expires_at is not null and refresh_token_expires_at < ?)
				    or (refresh_token_value is null and created_at < ?)""", cutoff, cutoff);
		if (removed > 0) {
			log.debug("Removed {} ended authorizations", removed);
		}
	}

	/**
	 * Every family of this person ends: access tokens denied, rows deleted. The event is
	 * published once the change has committed, so this acts at once.
	 */
	@EventListener
	public void onUserSecurityChanged(UserSecurityChanged change) {
		endFamiliesOf(change.username());
	}

	/** Whether an authorization of this id is stored (an index lookup, nothing read). */
	public boolean exists(String id) {
		return Boolean.TRUE.equals(this.jdbc
			.queryForObject("select exists (select 1 from oauth2_authorization where id = ?)", Boolean.class, id));
	}

	/** Every family of this client ends (see {@link ClientSecurityChanged}). */
	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	public void onClientSecurityChanged(ClientSecurityChanged change) {
		endFamilies("registered_client_id", change.registeredClientId());
	}

	public int endFamiliesOf(String username) {
		return endFamilies("principal_name", username);
	}

	private int endFamilies(String column, String value) {
		Integer ended = this.transactions.execute(status -> {
			List<String[]> families = this.jdbc.query("""
					select a.id, coalesce(c.client_id, a.registered_client_id)
					  from oauth2_authorization a left join client c on c.id::text = a.registered_client_id
					 where a.""" + column + " = ? for update of a",
					(row, n) -> new String[] { row.getString(1), row.getString(2) }, value);
			Instant now = this.clock.instant();
			for (String[] family : families) {
				this.jdbc.update("""
						insert into revoked_token (jti, client_id, revoked_at, expires_at) values (?, ?, ?, ?)
						on conflict (jti) do nothing""", RefreshTokenFamily.denyListKey(family[0]), family[1],
						Timestamp.from(now), Timestamp.from(now.plus(this.maxAccessTokenTtl)));
			}
			this.jdbc.update("delete from oauth2_authorization where " + column + " = ?", value);
			this.jdbc.update("delete from oauth2_authorization_consent where " + column + " = ?", value);
			return families.size();
		});
		return (ended != null) ? ended : 0;
	}

}
