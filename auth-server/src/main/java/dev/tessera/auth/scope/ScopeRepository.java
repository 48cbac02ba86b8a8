package dev.tessera.auth.scope;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface ScopeRepository extends JpaRepository<Scope, String> {

	@Query("select s.name from Scope s")
	List<String> findAllNames();

	/** How many clients hold the scope, as a scope or a default scope. */
	@Query("select count(distinct c) from Client c where :scope member of c.scopes or :scope member of c.defaultScopes")
	long countClientsUsing(String scope);

	/**
	 * How many trusted issuers allow the scope (the JWT-bearer grant's partners; the
	 * table's foreign key also refuses the delete).
	 */
	@Query("select count(t) from TrustedIssuerRegistration t where :scope member of t.allowedScopes")
	long countTrustedIssuersUsing(String scope);

}
