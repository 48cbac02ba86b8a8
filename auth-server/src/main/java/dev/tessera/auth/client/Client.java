package dev.tessera.auth.client;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

/**
 * A registered OAuth client as stored in Tessera's own tables (not Spring's blob schema).
 * {@link RegisteredClientMapper} turns it into Spring's {@code RegisteredClient}.
 */
@Entity
@Table(name = "client")
public class Client {

	@Id
	private UUID id;

	@Column(name = "client_id", nullable = false, unique = true)
	private String clientId;

	@Column(nullable = false)
	private String name;

	@Column(nullable = false)
	private boolean enabled = true;

	@Column(name = "access_token_ttl_seconds")
	private Integer accessTokenTtlSeconds;

	@Column(name = "secret_ttl_seconds")
	private Integer secretTtlSeconds;

	@Column(name = "jwks")
	private String jwks;

	@Column(name = "jwks_uri")
	private String jwksUri;

	@Column(name = "tls_subject_dn")
	private String tlsSubjectDn;

	@Column(name = "tls_san_dns")
	private String tlsSanDns;

	@Column(name = "tls_san_uri")
	private String tlsSanUri;

	@Column(name = "tls_san_ip")
	private String tlsSanIp;

	@Column(name = "tls_san_email")
	private String tlsSanEmail;

	@Column(name = "certificate_bound_tokens", nullable = false)
	private boolean certificateBoundTokens;

	@Column(name = "first_party", nullable = false)
	private boolean firstParty;

	@Column(name = "refresh_token_idle_seconds")
	private Integer refreshTokenIdleSeconds;

	@Column(name = "refresh_token_absolute_seconds")
	private Integer refreshTokenAbsoluteSeconds;

	@Column(name = "token_quota_hourly")
	private Integer tokenQuotaHourly;

	@Column(name = "token_quota_daily")
	private Integer tokenQuotaDaily;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@Column(name = "tokens_not_before", nullable = false)
	private Instant tokensNotBefore;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "client_grant_type", joinColumns = @JoinColumn(name = "client_pk"))
	@Column(name = "grant_type")
	private Set<String> grantTypes = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "client_auth_method", joinColumns = @JoinColumn(name = "client_pk"))
	@Column(name = "auth_method")
	private Set<String> authMethods = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "client_scope", joinColumns = @JoinColumn(name = "client_pk"))
	@Column(name = "scope")
	private Set<String> scopes = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "client_default_scope", joinColumns = @JoinColumn(name = "client_pk"))
	@Column(name = "scope")
	private Set<String> defaultScopes = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "client_audience", joinColumns = @JoinColumn(name = "client_pk"))
	@Column(name = "audience")
	private Set<String> audiences = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "client_redirect_uri", joinColumns = @JoinColumn(name = "client_pk"))
	@Column(name = "redirect_uri")
	private Set<String> redirectUris = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "client_post_logout_redirect_uri", joinColumns = @JoinColumn(name = "client_pk"))
	@Column(name = "uri")
	private Set<String> postLogoutRedirectUris = new LinkedHashSet<>();

	@OneToMany(mappedBy = "client", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	private Set<ClientSecret> secrets = new LinkedHashSet<>();

	protected Client() {
	}

	public Client(String clientId, String name, Instant now) {
		this.id = UUID.randomUUID();
		this.clientId = clientId;
		this.name = name;
		this.createdAt = now;
		this.updatedAt = now;
		this.tokensNotBefore = TokensNotBefore.registeredAt(now);
	}

	public UUID getId() {
		return this.id;
	}

	public String getClientId() {
		return this.clientId;
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Integer getAccessTokenTtlSeconds() {
		return this.accessTokenTtlSeconds;
	}

	public void setAccessTokenTtlSeconds(Integer accessTokenTtlSeconds) {
		this.accessTokenTtlSeconds = accessTokenTtlSeconds;
	}

	public Integer getSecretTtlSeconds() {
		return this.secretTtlSeconds;
	}

	public void setSecretTtlSeconds(Integer secretTtlSeconds) {
		this.secretTtlSeconds = secretTtlSeconds;
	}

	public String getJwks() {
		return this.jwks;
	}

	public void setJwks(String jwks) {
		this.jwks = jwks;
	}

	public String getJwksUri() {
		return this.jwksUri;
	}

	public void setJwksUri(String jwksUri) {
		this.jwksUri = jwksUri;
	}

	/**
	 * How the client's certificate is recognised ({@code tls_client_auth}); see
	 * {@link TlsClientIdentity}.
	 */
	public TlsClientIdentity getTlsIdentity() {
		return new TlsClientIdentity(this.tlsSubjectDn, this.tlsSanDns, this.tlsSanUri, this.tlsSanIp,
				this.tlsSanEmail);
	}

	public void setTlsIdentity(TlsClientIdentity identity) {
		TlsClientIdentity value = (identity != null) ? identity : TlsClientIdentity.NONE;
		this.tlsSubjectDn = value.subjectDn();
		this.tlsSanDns = value.sanDns();
		this.tlsSanUri = value.sanUri();
		this.tlsSanIp = value.sanIp();
		this.tlsSanEmail = value.sanEmail();
	}

	public boolean isCertificateBoundTokens() {
		return this.certificateBoundTokens;
	}

	public void setCertificateBoundTokens(boolean certificateBoundTokens) {
		this.certificateBoundTokens = certificateBoundTokens;
	}

	/** See {@link PersonFlowSettings}. */
	public boolean isFirstParty() {
		return this.firstParty;
	}

	public void setFirstParty(boolean firstParty) {
		this.firstParty = firstParty;
	}

	/** Null: the server's default (see {@link PersonFlowSettings}). */
	public Integer getRefreshTokenIdleSeconds() {
		return this.refreshTokenIdleSeconds;
	}

	public void setRefreshTokenIdleSeconds(Integer refreshTokenIdleSeconds) {
		this.refreshTokenIdleSeconds = refreshTokenIdleSeconds;
	}

	/** Null: the server's default (see {@link PersonFlowSettings}). */
	public Integer getRefreshTokenAbsoluteSeconds() {
		return this.refreshTokenAbsoluteSeconds;
	}

	public void setRefreshTokenAbsoluteSeconds(Integer refreshTokenAbsoluteSeconds) {
		this.refreshTokenAbsoluteSeconds = refreshTokenAbsoluteSeconds;
	}

	/** Null: no hourly limit (see {@link TokenQuota}). */
	public Integer getTokenQuotaHourly() {
		return this.tokenQuotaHourly;
	}

	/** Null: no daily limit (see {@link TokenQuota}). */
	public Integer getTokenQuotaDaily() {
		return this.tokenQuotaDaily;
	}

	public void setTokenQuota(TokenQuota quota) {
		TokenQuota value = (quota != null) ? quota : TokenQuota.NONE;
		this.tokenQuotaHourly = value.hourly();
		this.tokenQuotaDaily = value.daily();
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public void touch(Instant now) {
		this.updatedAt = now;
	}

	/**
	 * Tokens naming an older value of this client are inactive; see
	 * {@link TokensNotBefore}.
	 */
	public Instant getTokensNotBefore() {
		return this.tokensNotBefore;
	}

	/**
	 * A security change at {@code now}: every token issued until now becomes inactive.
	 */
	public void revokeTokensIssuedBefore(Instant now) {
		this.tokensNotBefore = TokensNotBefore.after(this.tokensNotBefore, now);
	}

	public Set<String> getGrantTypes() {
		return this.grantTypes;
	}

	public Set<String> getAuthMethods() {
		return this.authMethods;
	}

	public Set<String> getScopes() {
		return this.scopes;
	}

	public Set<String> getDefaultScopes() {
		return this.defaultScopes;
	}

	public Set<String> getAudiences() {
		return this.audiences;
	}

	public Set<String> getRedirectUris() {
		return this.redirectUris;
	}

	public Set<String> getPostLogoutRedirectUris() {
		return this.postLogoutRedirectUris;
	}

	public Set<ClientSecret> getSecrets() {
		return this.secrets;
	}

	public ClientSecret addSecret(byte[] hash, Instant now, Instant expiresAt) {
		ClientSecret secret = new ClientSecret(this, hash, now, expiresAt);
		this.secrets.add(secret);
		return secret;
	}

}
