package dev.tessera.auth.client;

import java.util.Optional;
import java.util.Set;

/**
 * A partial change to a client: null fields stay as they are. The optional settings
 * (lifetimes, keys, the fields of the certificate identity) are {@link Optional}s with
 * three states: {@code null} keeps the current value, empty clears it (for a
 * refresh-token lifetime: back to the server's default; for a token quota: no limit), a
 * value replaces it. The five identity fields are merged one by one, so moving from a
 * subject DN to a SAN clears the DN explicitly (a client has at most one, see
 * {@link TlsClientIdentity}).
 */
public record ClientPatch(String name, Boolean enabled, Set<String> grantTypes, Set<String> authMethods,
		Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
		Optional<Integer> accessTokenTtlSeconds, Optional<Integer> secretTtlSeconds, Optional<String> jwks,
		Optional<String> jwksUri, Boolean firstParty, Set<String> postLogoutRedirectUris,
		Optional<Integer> refreshTokenIdleSeconds, Optional<Integer> refreshTokenAbsoluteSeconds,
		Optional<String> tlsSubjectDn, Optional<String> tlsSanDns, Optional<String> tlsSanUri,
		Optional<String> tlsSanIp, Optional<String> tlsSanEmail, Boolean certificateBoundTokens,
		Optional<Integer> hourlyTokenQuota, Optional<Integer> dailyTokenQuota) {

	/** A change that leaves the token quota alone. */
	public ClientPatch(String name, Boolean enabled, Set<String> grantTypes, Set<String> authMethods,
			Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
			Optional<Integer> accessTokenTtlSeconds, Optional<Integer> secretTtlSeconds, Optional<String> jwks,
			Optional<String> jwksUri, Boolean firstParty, Set<String> postLogoutRedirectUris,
			Optional<Integer> refreshTokenIdleSeconds, Optional<Integer> refreshTokenAbsoluteSeconds,
			Optional<String> tlsSubjectDn, Optional<String> tlsSanDns, Optional<String> tlsSanUri,
			Optional<String> tlsSanIp, Optional<String> tlsSanEmail, Boolean certificateBoundTokens) {
		this(name, enabled, grantTypes, authMethods, scopes, defaultScopes, audiences, redirectUris,
				accessTokenTtlSeconds, secretTtlSeconds, jwks, jwksUri, firstParty, postLogoutRedirectUris,
				refreshTokenIdleSeconds, refreshTokenAbsoluteSeconds, tlsSubjectDn, tlsSanDns, tlsSanUri, tlsSanIp,
				tlsSanEmail, certificateBoundTokens, null, null);
	}

	/** A change that leaves the certificate identity and binding alone. */
	public ClientPatch(String name, Boolean enabled, Set<String> grantTypes, Set<String> authMethods,
			Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
			Optional<Integer> accessTokenTtlSeconds, Optional<Integer> secretTtlSeconds, Optional<String> jwks,
			Optional<String> jwksUri, Boolean firstParty, Set<String> postLogoutRedirectUris,
			Optional<Integer> refreshTokenIdleSeconds, Optional<Integer> refreshTokenAbsoluteSeconds) {
		this(name, enabled, grantTypes, authMethods, scopes, defaultScopes, audiences, redirectUris,
				accessTokenTtlSeconds, secretTtlSeconds, jwks, jwksUri, firstParty, postLogoutRedirectUris,
				refreshTokenIdleSeconds, refreshTokenAbsoluteSeconds, null, null, null, null, null, null);
	}

	/** A change that leaves the settings of a client acting for a person alone. */
	public ClientPatch(String name, Boolean enabled, Set<String> grantTypes, Set<String> authMethods,
			Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
			Optional<Integer> accessTokenTtlSeconds, Optional<Integer> secretTtlSeconds, Optional<String> jwks,
			Optional<String> jwksUri) {
		this(name, enabled, grantTypes, authMethods, scopes, defaultScopes, audiences, redirectUris,
				accessTokenTtlSeconds, secretTtlSeconds, jwks, jwksUri, null, null, null, null);
	}

	/** The draft the client would become. */
	ClientDraft applyTo(ClientDraft current) {
		return new ClientDraft(current.clientId(), pick(this.name, current.name()),
				pick(this.grantTypes, current.grantTypes()), pick(this.authMethods, current.authMethods()),
				pick(this.scopes, current.scopes()), pick(this.defaultScopes, current.defaultScopes()),
				pick(this.audiences, current.audiences()), pick(this.redirectUris, current.redirectUris()),
				setting(this.accessTokenTtlSeconds, current.accessTokenTtlSeconds()),
				setting(this.secretTtlSeconds, current.secretTtlSeconds()), setting(this.jwks, current.jwks()),
				setting(this.jwksUri, current.jwksUri()), applyTo(current.tls()),
				pick(this.certificateBoundTokens, current.certificateBoundTokens()), applyTo(current.personFlow()),
				new TokenQuota(setting(this.hourlyTokenQuota, current.tokenQuota().hourly()),
						setting(this.dailyTokenQuota, current.tokenQuota().daily())));
	}

	private TlsClientIdentity applyTo(TlsClientIdentity current) {
		return new TlsClientIdentity(setting(this.tlsSubjectDn, current.subjectDn()),
				setting(this.tlsSanDns, current.sanDns()), setting(this.tlsSanUri, current.sanUri()),
				setting(this.tlsSanIp, current.sanIp()), setting(this.tlsSanEmail, current.sanEmail()));
	}

	private PersonFlowSettings applyTo(PersonFlowSettings current) {
		return new PersonFlowSettings(pick(this.firstParty, current.firstParty()),
				pick(this.postLogoutRedirectUris, current.postLogoutRedirectUris()),
				setting(this.refreshTokenIdleSeconds, current.refreshTokenIdleSeconds()),
				setting(this.refreshTokenAbsoluteSeconds, current.refreshTokenAbsoluteSeconds()));
	}

	/** The names of the fields this patch sets, for the audit trail. */
	public java.util.List<String> changedFields() {
		java.util.List<String> fields = new java.util.ArrayList<>();
		java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
		values.put("name", this.name);
		values.put("enabled", this.enabled);
		values.put("grantTypes", this.grantTypes);
		values.put("authMethods", this.authMethods);
		values.put("scopes", this.scopes);
		values.put("defaultScopes", this.defaultScopes);
		values.put("audiences", this.audiences);
		values.put("redirectUris", this.redirectUris);
		values.put("accessTokenTtlSeconds", this.accessTokenTtlSeconds);
		values.put("secretTtlSeconds", this.secretTtlSeconds);
		values.put("jwks", this.jwks);
		values.put("jwksUri", this.jwksUri);
		values.put("firstParty", this.firstParty);
		values.put("postLogoutRedirectUris", this.postLogoutRedirectUris);
		values.put("refreshTokenIdleSeconds", this.refreshTokenIdleSeconds);
		values.put("refreshTokenAbsoluteSeconds", this.refreshTokenAbsoluteSeconds);
		values.put("tlsSubjectDn", this.tlsSubjectDn);
		values.put("tlsSanDns", this.tlsSanDns);
		values.put("tlsSanUri", this.tlsSanUri);
		values.put("tlsSanIp", this.tlsSanIp);
		values.put("tlsSanEmail", this.tlsSanEmail);
		values.put("certificateBoundTokens", this.certificateBoundTokens);
		values.put("hourlyTokenQuota", this.hourlyTokenQuota);
		values.put("dailyTokenQuota", this.dailyTokenQuota);
		values.forEach((field, value) -> {
			if (value != null) {
				fields.add(field);
			}
		});
		return fields;
	}

	private static <T> T pick(T change, T current) {
		return (change != null) ? change : current;
	}

	@SuppressWarnings("OptionalUsedAsFieldOrParameterType") // three states on purpose
	private static <T> T setting(Optional<T> change, T current) {
		return (change != null) ? change.orElse(null) : current;
	}

}
