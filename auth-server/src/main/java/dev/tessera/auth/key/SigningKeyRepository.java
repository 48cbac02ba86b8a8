package dev.tessera.auth.key;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface SigningKeyRepository extends JpaRepository<SigningKey, String> {

	List<SigningKey> findByStatusIn(Collection<SigningKeyStatus> statuses);

	/**
	 * Serialises key-set changes across every node sharing the database, until the
	 * surrounding transaction ends.
	 */
	@Query(value = "select count(*) from (select pg_advisory_xact_lock(7365726173001)) as lock", nativeQuery = true)
	long lockKeySetForChange();

}
