package dev.tessera.auth.key;

import java.util.List;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * The {@link JWKSource} behind signing, the JWKS endpoint and Tessera's own token
 * verification, served from the in-memory {@link KeySnapshot} (never a query per
 * request). The JWKS endpoint publishes public parts only.
 */
public class DatabaseJwkSource implements JWKSource<SecurityContext> {

	private final SigningKeys keys;

	public DatabaseJwkSource(SigningKeys keys) {
		this.keys = keys;
	}

	@Override
	public List<JWK> get(JWKSelector selector, SecurityContext context) {
		return selector.select(this.keys.current().forSigning());
	}

}
