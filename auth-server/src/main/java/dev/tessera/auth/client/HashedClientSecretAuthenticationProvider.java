package dev.tessera.auth.client;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * {@code client_secret_basic} and {@code client_secret_post}, checked against the
 * client's live secret hashes (up to two while a rotation's grace period runs), in
 * constant time and with the same work whether or not the client exists. Replaces
 * Spring's {@code ClientSecretAuthenticationProvider}, which knows one secret per client
 * and rewrites it during authentication when its encoder asks for an upgrade.
 */
public final class HashedClientSecretAuthenticationProvider implements AuthenticationProvider {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	private static final byte[] NO_SUCH_HASH = new byte[32];

	private final ClientDirectory directory;

	private final ClientSecretHasher hasher;

	private final Clock clock;

	public HashedClientSecretAuthenticationProvider(ClientDirectory directory, ClientSecretHasher hasher, Clock clock) {
		this.directory = directory;
		this.hasher = hasher;
		this.clock = clock;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2ClientAuthenticationToken request = (OAuth2ClientAuthenticationToken) authentication;
		ClientAuthenticationMethod method = request.getClientAuthenticationMethod();
		if (!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(method)
				&& !ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(method)) {
			return null;
		}
		String clientId = request.getPrincipal().toString();
		Object credentials = request.getCredentials();
		byte[] presented = this.hasher.hash((credentials != null) ? credentials.toString() : "");
		ClientRecord client = this.directory.findByClientId(clientId).orElse(null);
		if (client == null || !client.enabled()) {
			MessageDigest.isEqual(presented, NO_SUCH_HASH); // same work as a real check
			throw invalidClient();
		}
		Instant now = this.clock.instant();
		boolean matched = false;
		for (ClientRecord.StoredSecret secret : client.secrets()) {
			boolean equal = MessageDigest.isEqual(presented, secret.hash());
			matched |= equal && now.isBefore(secret.expiresAt());
		}
		if (!matched || credentials == null
				|| !client.registeredClient().getClientAuthenticationMethods().contains(method)) {
			throw invalidClient();
		}
		return new OAuth2ClientAuthenticationToken(client.registeredClient(), method, null);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private static OAuth2AuthenticationException invalidClient() {
		return new OAuth2AuthenticationException(
				new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, "Client authentication failed", ERROR_URI));
	}

}
