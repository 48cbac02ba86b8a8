package dev.tessera.auth.client.assertion;

import java.time.Instant;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** The table of used client assertions; see {@link AssertionReplayGuard}. */
public interface UsedAssertionRepository extends JpaRepository<UsedAssertion, UsedAssertion.Key> {

	@Modifying
	@Transactional
	@Query("delete from UsedAssertion u where u.expiresAt <= :now")
	int deleteExpired(Instant now);

}
