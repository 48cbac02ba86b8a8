package dev.tessera.auth.client;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ClientRepository extends JpaRepository<Client, UUID> {

	Optional<Client> findByClientId(String clientId);

	boolean existsByClientId(String clientId);

}
