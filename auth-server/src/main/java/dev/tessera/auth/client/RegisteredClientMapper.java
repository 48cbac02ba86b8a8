package dev.tessera.auth.client;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.jose.VerificationKeyPolicy;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Turns a stored {@link Client} into Spring's {@link RegisteredClient}, applying
 * Tessera's rules: self-contained JWT access tokens, the client's lifetime capped by the
 * server's, PKCE always required, consent asked for unless the client is first-party,
 * authorization codes living {@link #AUTHORIZATION_CODE_TTL}, refresh tokens never reused
 * and living the client's idle lifetime (both lifetimes also in
 * {@link TesseraClientSettings}), the certificate identity of a {@code tls_client_auth}
 * client ({@link TesseraClientSettings#tlsIdentity}) and certificate-bound access tokens
 * when the client registered {@code certificateBoundTokens}, its token quota when it has
 * one ({@link TesseraClientSettings#tokenQuota}). Secrets are not copied:
 * {@link HashedClientSecretAuthenticationProvider} checks them against their own table.
 */
public final class RegisteredClientMapper {

	/** How long an authorization code may wait for its exchange. */
	public static final Duration AUTHORIZATION_CODE_TTL = Duration.ofSeconds(60);

	private final Duration defaultTtl;

	private final Duration maxTtl;

	public RegisteredClientMapper(TesseraProperties.Tokens tokens) {
		this.defaultTtl = tokens.defaultTtl();
		this.maxTtl = tokens.maxTtl();
	}

	public RegisteredClient toRegisteredClient(Client client) {
		PersonFlowSettings flow = PersonFlowSettings.of(client);
		return RegisteredClient.withId(client.getId().toString())
			.clientId(client.getClientId())
			.clientName(client.getName())
			.clientIdIssuedAt(client.getCreatedAt())
			.clientAuthenticationMethods(methods -> client.getAuthMethods()
				.forEach(method -> methods.add(new ClientAuthenticationMethod(method))))
			.authorizationGrantTypes(
					grants -> client.getGrantTypes().forEach(grant -> grants.add(new AuthorizationGrantType(grant))))
			.scopes(scopes -> scopes.addAll(client.getScopes()))
			.redirectUris(uris -> uris.addAll(client.getRedirectUris()))
			.postLogoutRedirectUris(uris -> uris.addAll(flow.postLogoutRedirectUris()))
			.clientSettings(clientSettings(client).requireProofKey(true)
				.requireAuthorizationConsent(!flow.firstParty())
				.setting(TesseraClientSettings.DEFAULT_SCOPES, Set.copyOf(client.getDefaultScopes()))
				.setting(TesseraClientSettings.AUDIENCES, List.copyOf(client.getAudiences()))
				.setting(TesseraClientSettings.TOKENS_NOT_BEFORE, client.getTokensNotBefore())
				.setting(TesseraClientSettings.REFRESH_TOKEN_IDLE, flow.refreshTokenIdle())
				.setting(TesseraClientSettings.REFRESH_TOKEN_ABSOLUTE, flow.refreshTokenAbsolute())
				.build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
				.accessTokenTimeToLive(accessTokenTtl(client))
				.authorizationCodeTimeToLive(AUTHORIZATION_CODE_TTL)
				.refreshTokenTimeToLive(flow.refreshTokenIdle())
				.reuseRefreshTokens(false)
				.x509CertificateBoundAccessTokens(client.isCertificateBoundTokens())
				.build())
			.build();
	}

	/**
	 * Spring's settings, with a signature algorithm for a {@code private_key_jwt} client:
	 * Spring's client-assertion provider reads only its kind (asymmetric, so the client
	 * authenticated with {@code private_key_jwt}, not {@code client_secret_jwt}); which
	 * algorithms are accepted is {@code VerificationKeyPolicy.ALLOWED_ALGORITHMS}.
	 */
	private static ClientSettings.Builder clientSettings(Client client) {
		ClientSettings.Builder settings = ClientSettings.builder();
		if (client.getAuthMethods().contains(ClientRules.PRIVATE_KEY_JWT)) {
			settings.tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256);
		}
		TokenQuota quota = TokenQuota.of(client);
		if (quota.limited()) {
			settings.setting(TesseraClientSettings.TOKEN_QUOTA, quota);
		}
		client.getTlsIdentity().single().ifPresent(identity -> {
			settings.setting(TesseraClientSettings.TLS_IDENTITY_KIND, identity.kind().name());
			settings.setting(TesseraClientSettings.TLS_IDENTITY_VALUE, identity.value());
			if (identity.kind() == TlsClientIdentity.Kind.SUBJECT_DN) {
				settings.x509CertificateSubjectDN(identity.value());
			}
		});
		return settings;
	}

	/** The client's own lifetime if it has one, never more than the server's cap. */
	public Duration accessTokenTtl(Client client) {
		Duration wanted = (client.getAccessTokenTtlSeconds() != null)
				? Duration.ofSeconds(client.getAccessTokenTtlSeconds()) : this.defaultTtl;
		return (wanted.compareTo(this.maxTtl) > 0) ? this.maxTtl : wanted;
	}

}
