package dev.tessera.auth.client.assertion;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The table of used client assertions; see {@link AssertionReplayGuard}. */
public interface UsedAssertionRepository extends JpaRepository<UsedAssertion, UsedAssertion.Key> {

	/**
	 * Records the assertion in one statement and its own transaction. A row already
	 * there is taken over only if it has expired (a {@code jti} reused long after the
	 * fact); a live row is left alone.
	 * @return 1 if recorded, 0 if a live row for this client and {@code jti} existed
	 */
	@Modifying
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	@Query(value = """
			insert into used_client_assertion (client_id, jti, expires_at)
			values (:clientId, :jti, :expiresAt)
			on conflict (client_id, jti) do update set expires_at = excluded.expires_at
			where used_client_assertion.expires_at <= :now""", nativeQuery = true)
	int insertIfAbsent(String clientId, String jti, Instant expiresAt, Instant now);

	@Modifying
	@Transactional
	@Query("delete from UsedAssertion u where u.expiresAt <= :now")
	int deleteExpired(Instant now);

}
