package dev.tessera.auth.admin.api;

import java.text.ParseException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.nimbusds.jose.util.JSONObjectUtils;

import dev.tessera.auth.client.Client;
import dev.tessera.auth.client.ClientSecret;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.client.TlsClientIdentity;

/**
 * A client as the admin API shows it. {@code clientSecret} and
 * {@code clientSecretExpiresAt} appear only in the response that creates the secret;
 * afterwards only each secret's dates are shown, never the secret or its hash. A
 * refresh-token lifetime is absent when the client uses the server's default; so are the
 * certificate identity fields ({@code tlsSubjectDn}, {@code tlsSanDns}, ...) of a client
 * that has none, and {@code hourlyTokenQuota} / {@code dailyTokenQuota} when the client
 * has no such limit.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClientResponse(String clientId, String name, boolean enabled, Set<String> grantTypes,
		Set<String> authMethods, Set<String> scopes, Set<String> defaultScopes, Set<String> audiences,
		Set<String> redirectUris, Map<String, Object> jwks, String jwksUri, Integer accessTokenTtlSeconds,
		Integer secretTtlSeconds, List<SecretInfo> secrets, Instant createdAt, Instant updatedAt, String clientSecret,
		Instant clientSecretExpiresAt, boolean firstParty, Set<String> postLogoutRedirectUris,
		Integer refreshTokenIdleSeconds, Integer refreshTokenAbsoluteSeconds, String tlsSubjectDn, String tlsSanDns,
		String tlsSanUri, String tlsSanIp, String tlsSanEmail, boolean certificateBoundTokens, Integer hourlyTokenQuota,
		Integer dailyTokenQuota) {

	/** When one of the client's secrets was issued and when it stops working. */
	public record SecretInfo(Instant createdAt, Instant expiresAt) {
	}

	static ClientResponse of(Client client) {
		return of(client, null);
	}

	static ClientResponse of(Client client, IssuedSecret issued) {
		List<SecretInfo> secrets = client.getSecrets()
			.stream()
			.sorted(Comparator.comparing(ClientSecret::getCreatedAt))
			.map(secret -> new SecretInfo(secret.getCreatedAt(), secret.getExpiresAt()))
			.toList();
		TlsClientIdentity identity = client.getTlsIdentity();
		return new ClientResponse(client.getClientId(), client.getName(), client.isEnabled(),
				new TreeSet<>(client.getGrantTypes()), new TreeSet<>(client.getAuthMethods()),
				new TreeSet<>(client.getScopes()), new TreeSet<>(client.getDefaultScopes()),
				new TreeSet<>(client.getAudiences()), new TreeSet<>(client.getRedirectUris()), parse(client.getJwks()),
				client.getJwksUri(), client.getAccessTokenTtlSeconds(), client.getSecretTtlSeconds(), secrets,
				client.getCreatedAt(), client.getUpdatedAt(), (issued != null) ? issued.clientSecret() : null,
				(issued != null) ? issued.expiresAt() : null, client.isFirstParty(),
				new TreeSet<>(client.getPostLogoutRedirectUris()), client.getRefreshTokenIdleSeconds(),
				client.getRefreshTokenAbsoluteSeconds(), identity.subjectDn(), identity.sanDns(), identity.sanUri(),
				identity.sanIp(), identity.sanEmail(), client.isCertificateBoundTokens(), client.getTokenQuotaHourly(),
				client.getTokenQuotaDaily());
	}

	private static Map<String, Object> parse(String jwks) {
		if (jwks == null) {
			return null;
		}
		try {
			return JSONObjectUtils.parse(jwks);
		}
		catch (ParseException ex) {
			return null;
		}
	}

}
