package dev.tessera.auth.scope;

import org.springframework.data.jpa.repository.JpaRepository;

public interface ScopeRepository extends JpaRepository<Scope, String> {

}
