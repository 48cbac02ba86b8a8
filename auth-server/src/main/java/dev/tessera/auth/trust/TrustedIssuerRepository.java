package dev.tessera.auth.trust;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** The stored trusted issuers; uniqueness checks for the admin plane's rules. */
public interface TrustedIssuerRepository extends JpaRepository<TrustedIssuerRegistration, UUID> {

	boolean existsByIssuer(String issuer);

	boolean existsByIssuerAndIdNot(String issuer, UUID id);

	boolean existsBySubjectPrefix(String subjectPrefix);

	boolean existsBySubjectPrefixAndIdNot(String subjectPrefix, UUID id);

}
