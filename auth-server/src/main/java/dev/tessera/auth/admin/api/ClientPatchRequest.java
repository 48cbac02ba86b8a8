package dev.tessera.auth.admin.api;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.swagger.v3.oas.annotations.media.Schema;

import dev.tessera.auth.client.ClientPatch;

/**
 * {@code PATCH /admin/api/clients/{clientId}}: the fields to change; absent fields stay.
 * The optional settings ({@code jwks}, {@code jwksUri}, {@code accessTokenTtlSeconds},
 * {@code secretTtlSeconds}, {@code refreshTokenIdleSeconds},
 * {@code refreshTokenAbsoluteSeconds}, {@code hourlyTokenQuota}, {@code dailyTokenQuota},
 * and the certificate identity fields {@code tlsSubjectDn}, {@code tlsSanDns},
 * {@code tlsSanUri}, {@code tlsSanIp}, {@code tlsSanEmail}) are cleared by an explicit
 * {@code null} (a cleared refresh-token lifetime is the server's default again, a cleared
 * quota no limit), as in a JSON merge patch (RFC 7396), so a client can move from inline
 * keys to a {@code jwksUri}, or off {@code private_key_jwt}. A bean with setters rather
 * than a record: Jackson calls a setter only for a field that is present, so an absent
 * setting stays a {@code null} {@link Optional} and an explicit {@code null} arrives as
 * an empty one.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType") // three states on purpose
public class ClientPatchRequest {

	private String name;

	private Boolean enabled;

	private Set<String> grantTypes;

	private Set<String> authMethods;

	private Set<String> scopes;

	private Set<String> defaultScopes;

	private Set<String> audiences;

	private Set<String> redirectUris;

	private Optional<Map<String, Object>> jwks;

	private Optional<String> jwksUri;

	private Optional<Integer> accessTokenTtlSeconds;

	private Optional<Integer> secretTtlSeconds;

	private Boolean firstParty;

	private Set<String> postLogoutRedirectUris;

	private Optional<Integer> refreshTokenIdleSeconds;

	private Optional<Integer> refreshTokenAbsoluteSeconds;

	private Optional<String> tlsSubjectDn;

	private Optional<String> tlsSanDns;

	private Optional<String> tlsSanUri;

	private Optional<String> tlsSanIp;

	private Optional<String> tlsSanEmail;

	private Boolean certificateBoundTokens;

	@Schema(type = "integer", format = "int32", minimum = "1", nullable = true)
	private Optional<BigDecimal> hourlyTokenQuota;

	@Schema(type = "integer", format = "int32", minimum = "1", nullable = true)
	private Optional<BigDecimal> dailyTokenQuota;

	ClientPatch toPatch() {
		return new ClientPatch(this.name, this.enabled, this.grantTypes, this.authMethods, this.scopes,
				this.defaultScopes, this.audiences, this.redirectUris, this.accessTokenTtlSeconds,
				this.secretTtlSeconds, (this.jwks != null) ? this.jwks.map(ClientRequest::jwksJson) : null,
				this.jwksUri, this.firstParty, this.postLogoutRedirectUris, this.refreshTokenIdleSeconds,
				this.refreshTokenAbsoluteSeconds, this.tlsSubjectDn, this.tlsSanDns, this.tlsSanUri, this.tlsSanIp,
				this.tlsSanEmail, this.certificateBoundTokens,
				TokenQuotaValues.of("hourlyTokenQuota", this.hourlyTokenQuota),
				TokenQuotaValues.of("dailyTokenQuota", this.dailyTokenQuota));
	}

	public Optional<BigDecimal> getHourlyTokenQuota() {
		return this.hourlyTokenQuota;
	}

	public void setHourlyTokenQuota(Optional<BigDecimal> hourlyTokenQuota) {
		this.hourlyTokenQuota = hourlyTokenQuota;
	}

	public Optional<BigDecimal> getDailyTokenQuota() {
		return this.dailyTokenQuota;
	}

	public void setDailyTokenQuota(Optional<BigDecimal> dailyTokenQuota) {
		this.dailyTokenQuota = dailyTokenQuota;
	}

	public Optional<String> getTlsSubjectDn() {
		return this.tlsSubjectDn;
	}

	public void setTlsSubjectDn(Optional<String> tlsSubjectDn) {
		this.tlsSubjectDn = tlsSubjectDn;
	}

	public Optional<String> getTlsSanDns() {
		return this.tlsSanDns;
	}

	public void setTlsSanDns(Optional<String> tlsSanDns) {
		this.tlsSanDns = tlsSanDns;
	}

	public Optional<String> getTlsSanUri() {
		return this.tlsSanUri;
	}

	public void setTlsSanUri(Optional<String> tlsSanUri) {
		this.tlsSanUri = tlsSanUri;
	}

	public Optional<String> getTlsSanIp() {
		return this.tlsSanIp;
	}

	public void setTlsSanIp(Optional<String> tlsSanIp) {
		this.tlsSanIp = tlsSanIp;
	}

	public Optional<String> getTlsSanEmail() {
		return this.tlsSanEmail;
	}

	public void setTlsSanEmail(Optional<String> tlsSanEmail) {
		this.tlsSanEmail = tlsSanEmail;
	}

	public Boolean getCertificateBoundTokens() {
		return this.certificateBoundTokens;
	}

	public void setCertificateBoundTokens(Boolean certificateBoundTokens) {
		this.certificateBoundTokens = certificateBoundTokens;
	}

	public Boolean getFirstParty() {
		return this.firstParty;
	}

	public void setFirstParty(Boolean firstParty) {
		this.firstParty = firstParty;
	}

	public Set<String> getPostLogoutRedirectUris() {
		return this.postLogoutRedirectUris;
	}

	public void setPostLogoutRedirectUris(Set<String> postLogoutRedirectUris) {
		this.postLogoutRedirectUris = postLogoutRedirectUris;
	}

	public Optional<Integer> getRefreshTokenIdleSeconds() {
		return this.refreshTokenIdleSeconds;
	}

	public void setRefreshTokenIdleSeconds(Optional<Integer> refreshTokenIdleSeconds) {
		this.refreshTokenIdleSeconds = refreshTokenIdleSeconds;
	}

	public Optional<Integer> getRefreshTokenAbsoluteSeconds() {
		return this.refreshTokenAbsoluteSeconds;
	}

	public void setRefreshTokenAbsoluteSeconds(Optional<Integer> refreshTokenAbsoluteSeconds) {
		this.refreshTokenAbsoluteSeconds = refreshTokenAbsoluteSeconds;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(Boolean enabled) {
		this.enabled = enabled;
	}

	public Set<String> getGrantTypes() {
		return this.grantTypes;
	}

	public void setGrantTypes(Set<String> grantTypes) {
		this.grantTypes = grantTypes;
	}

	public Set<String> getAuthMethods() {
		return this.authMethods;
	}

	public void setAuthMethods(Set<String> authMethods) {
		this.authMethods = authMethods;
	}

	public Set<String> getScopes() {
		return this.scopes;
	}

	public void setScopes(Set<String> scopes) {
		this.scopes = scopes;
	}

	public Set<String> getDefaultScopes() {
		return this.defaultScopes;
	}

	public void setDefaultScopes(Set<String> defaultScopes) {
		this.defaultScopes = defaultScopes;
	}

	public Set<String> getAudiences() {
		return this.audiences;
	}

	public void setAudiences(Set<String> audiences) {
		this.audiences = audiences;
	}

	public Set<String> getRedirectUris() {
		return this.redirectUris;
	}

	public void setRedirectUris(Set<String> redirectUris) {
		this.redirectUris = redirectUris;
	}

	public Optional<Map<String, Object>> getJwks() {
		return this.jwks;
	}

	public void setJwks(Optional<Map<String, Object>> jwks) {
		this.jwks = jwks;
	}

	public Optional<String> getJwksUri() {
		return this.jwksUri;
	}

	public void setJwksUri(Optional<String> jwksUri) {
		this.jwksUri = jwksUri;
	}

	public Optional<Integer> getAccessTokenTtlSeconds() {
		return this.accessTokenTtlSeconds;
	}

	public void setAccessTokenTtlSeconds(Optional<Integer> accessTokenTtlSeconds) {
		this.accessTokenTtlSeconds = accessTokenTtlSeconds;
	}

	public Optional<Integer> getSecretTtlSeconds() {
		return this.secretTtlSeconds;
	}

	public void setSecretTtlSeconds(Optional<Integer> secretTtlSeconds) {
		this.secretTtlSeconds = secretTtlSeconds;
	}

}
