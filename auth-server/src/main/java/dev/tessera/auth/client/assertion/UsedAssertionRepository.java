package dev.tessera.auth.client.assertion;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

/** The table of used client assertions; see {@link AssertionReplayGuard}. */
public interface UsedAssertionRepository extends JpaRepository<UsedAssertion, UsedAssertion.Key> {

	/**
	 * Removes the rows expired on the database's clock (see
	 * {@link AssertionReplayGuard}).
	 */
	@Modifying
	@Transactional
	@Query(value = "delete from used_client_assertion where expires_at < clock_timestamp()", nativeQuery = true)
	int deleteExpired();

}
