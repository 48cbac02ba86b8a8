package dev.tessera.auth.token;

import java.util.Optional;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.client.TokensNotBefore;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Whether a token that {@link TokenVerifier} accepted is still active: not revoked, its
 * client still exists and is enabled, and it was not issued before the client's last
 * security change (see {@link TokensNotBefore}). Introspection, revocation and the
 * admin API all ask this one place, so they agree on what "active" means.
 */
public class TokenActivity {

	private final RevokedTokenRepository revoked;

	private final ClientDirectory clients;

	public TokenActivity(RevokedTokenRepository revoked, ClientDirectory clients) {
		this.revoked = revoked;
		this.clients = clients;
	}

	/**
	 * @param jwt a token {@link TokenVerifier} accepted
	 * @return why the token is no longer active, fit for RFC 6750's
	 * {@code error_description}; empty when it is active
	 */
	public Optional<String> inactiveReason(Jwt jwt) {
		String clientId = jwt.getClaimAsString("client_id");
		if (clientId == null || jwt.getId() == null) {
			return Optional.of("The token lacks the client_id or jti claim of this server's access tokens");
		}
		Optional<ClientRecord> client = this.clients.findByClientId(clientId);
		if (client.isEmpty()) {
			return Optional.of("The token's client no longer exists");
		}
		if (!client.get().enabled()) {
			return Optional.of("The token's client is disabled");
		}
		if (TokensNotBefore.predates(jwt.getClaim(TokensNotBefore.CLAIM), jwt.getIssuedAt(),
				client.get().registeredClient())) {
			return Optional.of("The token was issued before the client's last security change "
					+ "(disabled, scopes removed, credentials or keys changed): request a new token");
		}
		if (this.revoked.existsById(jwt.getId())) {
			return Optional.of("The token has been revoked");
		}
		return Optional.empty();
	}

}
