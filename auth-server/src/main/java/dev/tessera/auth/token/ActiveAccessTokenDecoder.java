package dev.tessera.auth.token;

import java.util.List;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientRecord;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * Accepts only tokens that introspection would call active: a current token of this
 * server (see {@link TokenVerifier}), not revoked, whose client still exists and is
 * enabled, and addressed to this server ({@code aud} contains the issuer). Used by the
 * admin API, where a revoked or disabled client's token must stop working at once, not
 * when it expires.
 */
public class ActiveAccessTokenDecoder implements JwtDecoder {

	private final TokenVerifier verifier;

	private final RevokedTokenRepository revoked;

	private final ClientDirectory clients;

	private final String issuer;

	public ActiveAccessTokenDecoder(TokenVerifier verifier, RevokedTokenRepository revoked, ClientDirectory clients,
			String issuer) {
		this.verifier = verifier;
		this.revoked = revoked;
		this.clients = clients;
		this.issuer = issuer;
	}

	@Override
	public Jwt decode(String token) {
		Jwt jwt = this.verifier.verify(token);
		if (jwt == null) {
			throw new BadJwtException("The token is not a valid, current token of this server");
		}
		List<String> audience = jwt.getAudience();
		if (audience == null || !audience.contains(this.issuer)) {
			throw new BadJwtException("The token is not addressed to this server");
		}
		String clientId = jwt.getClaimAsString("client_id");
		boolean clientActive = clientId != null && this.clients.findByClientId(clientId)
			.filter(ClientRecord::enabled)
			.filter(client -> !TokenAge.predatesClient(jwt, client.registeredClient()))
			.isPresent();
		if (!clientActive || jwt.getId() == null || this.revoked.existsById(jwt.getId())) {
			throw new BadJwtException("The token is no longer active");
		}
		return jwt;
	}

}
