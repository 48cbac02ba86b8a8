package dev.tessera.admin.clients;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client as the admin API answers it ({@code GET /admin/api/clients/{id}}). It has no
 * secret field: the answer that creates a client is read as {@link IssuedSecret}, the
 * only type that holds a secret, so a logged or printed client can never show one. Dates
 * stay the API's ISO-8601 text: the console only shows them. Of the certificate identity
 * fields ({@code tlsSubjectDn}, {@code tlsSanDns}, ...) at most one is set, for a
 * {@code tls_client_auth} client. A token quota is {@code null} when the client has no
 * such limit.
 */
public record ClientView(String clientId, String name, boolean enabled, Set<String> grantTypes, Set<String> authMethods,
		Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
		Map<String, Object> jwks, String jwksUri, Integer accessTokenTtlSeconds, Integer secretTtlSeconds,
		List<Secret> secrets, String createdAt, String updatedAt, String tlsSubjectDn, String tlsSanDns,
		String tlsSanUri, String tlsSanIp, String tlsSanEmail, boolean certificateBoundTokens, Integer hourlyTokenQuota,
		Integer dailyTokenQuota) {

	public ClientView {
		grantTypes = (grantTypes != null) ? grantTypes : Set.of();
		authMethods = (authMethods != null) ? authMethods : Set.of();
		scopes = (scopes != null) ? scopes : Set.of();
		defaultScopes = (defaultScopes != null) ? defaultScopes : Set.of();
		audiences = (audiences != null) ? audiences : Set.of();
		redirectUris = (redirectUris != null) ? redirectUris : Set.of();
		secrets = (secrets != null) ? secrets : List.of();
	}

	/** Whether the client authenticates with a secret (and so has one to rotate). */
	public boolean usesSecret() {
		return this.authMethods.contains("client_secret_basic") || this.authMethods.contains("client_secret_post");
	}

	/**
	 * Whether the client authenticates with a TLS certificate (RFC 8705), and so may have
	 * its tokens bound to it.
	 */
	public boolean usesCertificate() {
		return this.authMethods.stream().anyMatch(CertificateIdentity::isCertificateMethod);
	}

	/** Whether the client uses {@code tls_client_auth}, which needs an identity. */
	public boolean usesTlsClientAuth() {
		return this.authMethods.contains(CertificateIdentity.TLS_CLIENT_AUTH);
	}

	/**
	 * The registered certificate identity, or {@code null} when none is set (the first
	 * one set, should the server ever answer more).
	 */
	public CertificateIdentity.Registered certificateIdentity() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("tlsSubjectDn", this.tlsSubjectDn);
		fields.put("tlsSanDns", this.tlsSanDns);
		fields.put("tlsSanUri", this.tlsSanUri);
		fields.put("tlsSanIp", this.tlsSanIp);
		fields.put("tlsSanEmail", this.tlsSanEmail);
		for (Map.Entry<String, String> field : fields.entrySet()) {
			if (field.getValue() != null) {
				return new CertificateIdentity.Registered(field.getKey(), field.getValue());
			}
		}
		return null;
	}

	/** The hourly token quota as the details page shows it. */
	public String hourlyQuota() {
		return TokenQuotaFields.describe(this.hourlyTokenQuota, "hour");
	}

	/** The daily token quota as the details page shows it. */
	public String dailyQuota() {
		return TokenQuotaFields.describe(this.dailyTokenQuota, "day");
	}

	/** The expiry of the newest secret, or {@code null} for none or no expiry. */
	public String secretExpiresAt() {
		return this.secrets.isEmpty() ? null : this.secrets.get(this.secrets.size() - 1).expiresAt();
	}

	/**
	 * When one of the client's secrets was issued and when it stops working.
	 *
	 * @param createdAt when it was issued
	 * @param expiresAt when it stops working, or {@code null}
	 */
	public record Secret(String createdAt, String expiresAt) {
	}

}
