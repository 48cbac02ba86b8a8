package dev.tessera.auth.encryption;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

public interface ServerSecretRepository extends JpaRepository<ServerSecret, String> {

	/**
	 * Inserts unless another node got there first; the caller then reads whichever won.
	 */
	@Modifying
	@Query(value = "insert into server_secret (name, ciphertext) values (:name, :ciphertext) on conflict (name) do nothing",
			nativeQuery = true)
	int insertIfAbsent(String name, byte[] ciphertext);

}
