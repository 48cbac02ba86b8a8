package dev.tessera.admin.clients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.admin.web.Lines;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The "new client" form as posted, kept as typed so that a refused or warned-about form
 * comes back filled in. Nothing is preselected: no scope, no grant type. Field names
 * follow the admin API's, so its field errors land next to the right field; the one
 * exception is the certificate identity of a {@code tls_client_auth} client, a choice of
 * kind and one value here, five fields in the API ({@link CertificateIdentity}).
 */
public class ClientForm {

	/** The grant types a machine client may be given from this form. */
	public static final List<String> GRANT_TYPES = List.of("client_credentials",
			"urn:ietf:params:oauth:grant-type:jwt-bearer", "authorization_code", "refresh_token");

	/** The authentication methods offered, the first the default. */
	public static final List<String> AUTH_METHODS = List.of("client_secret_basic", "client_secret_post",
			"private_key_jwt", CertificateIdentity.TLS_CLIENT_AUTH, CertificateIdentity.SELF_SIGNED);

	/** The fields' labels, for the list of problems above the form (API field names). */
	public static final Map<String, String> LABELS = Map.ofEntries(Map.entry("name", "Name"),
			Map.entry("clientId", "Client id"), Map.entry("scopes", "Scopes"), Map.entry("grantTypes", "Grant types"),
			Map.entry("authMethods", "Authentication method"), Map.entry("jwks", "Public keys"),
			Map.entry("jwksUri", "JWK Set URL"), Map.entry(CertificateIdentity.FIELD, "Certificate identity"),
			Map.entry("certificateBoundTokens", "Bind tokens to the certificate"), Map.entry("audiences", "Audiences"),
			Map.entry("redirectUris", "Redirect URIs"), Map.entry("accessTokenTtlSeconds", "Access token lifetime"),
			Map.entry(TokenQuotaFields.HOURLY, "Tokens per hour"), Map.entry(TokenQuotaFields.DAILY, "Tokens per day"));

	static final String UNBOUND = "The client's tokens would not be bound to its certificate: a leaked token "
			+ "would work without the certificate's private key. Binding is recommended for partners.";

	private String clientId = "";

	private String name = "";

	private List<String> grantTypes = new ArrayList<>();

	private String authMethod = AUTH_METHODS.get(0);

	private List<String> scopes = new ArrayList<>();

	private String jwks = "";

	private String jwksUri = "";

	private String tlsIdentityKind = CertificateIdentity.DEFAULT_KIND;

	private String tlsIdentity = "";

	private boolean certificateBoundTokens;

	private String audiences = "";

	private String redirectUris = "";

	private String accessTokenTtlSeconds = "";

	private String hourlyTokenQuota = "";

	private String dailyTokenQuota = "";

	/**
	 * The problems the console finds before asking the API (field name to message): a
	 * lifetime or a token quota that is not a number, a key set that is not JSON, an
	 * identity of no known kind.
	 */
	public Map<String, String> check(JsonMapper json) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (!this.accessTokenTtlSeconds.isBlank() && ttl() == null) {
			errors.put("accessTokenTtlSeconds", "must be a whole number of seconds");
		}
		TokenQuotaFields.check(this.hourlyTokenQuota, this.dailyTokenQuota, errors);
		if (usesKeys() && !this.jwks.isBlank()) {
			try {
				json.readValue(this.jwks, Map.class);
			}
			catch (JacksonException ex) {
				errors.put("jwks", "must be a JSON Web Key Set such as {\"keys\": [ ... ]}");
			}
		}
		if (usesIdentity() && !CertificateIdentity.isKind(this.tlsIdentityKind)) {
			errors.put(CertificateIdentity.FIELD, "choose what the certificate is recognised by");
		}
		return errors;
	}

	/** The lifetime typed, or {@code null} when empty or not a number. */
	public Integer ttl() {
		try {
			return this.accessTokenTtlSeconds.isBlank() ? null : Integer.valueOf(this.accessTokenTtlSeconds.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * What the console warns about before creating this client: the least-privilege
	 * warnings, and a certificate client whose tokens would not be bound to its
	 * certificate.
	 */
	public List<String> warnings() {
		List<String> warnings = new ArrayList<>(ClientWarnings.of(this.scopes, ttl()));
		if (CertificateIdentity.isCertificateMethod(this.authMethod) && !this.certificateBoundTokens) {
			warnings.add(UNBOUND);
		}
		return List.copyOf(warnings);
	}

	/** The {@code POST /admin/api/clients} body (call {@link #check} first). */
	public Map<String, Object> toRequest(JsonMapper json) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (!this.clientId.isBlank()) {
			body.put("clientId", this.clientId.strip());
		}
		body.put("name", this.name.strip());
		body.put("grantTypes", this.grantTypes);
		body.put("authMethods", List.of(this.authMethod));
		body.put("scopes", this.scopes);
		body.put("audiences", Lines.split(this.audiences));
		List<String> redirects = Lines.split(this.redirectUris);
		if (!redirects.isEmpty()) {
			body.put("redirectUris", redirects);
		}
		if (ttl() != null) {
			body.put("accessTokenTtlSeconds", ttl());
		}
		Integer hourly = TokenQuotaFields.value(this.hourlyTokenQuota);
		if (hourly != null) {
			body.put(TokenQuotaFields.HOURLY, hourly);
		}
		Integer daily = TokenQuotaFields.value(this.dailyTokenQuota);
		if (daily != null) {
			body.put(TokenQuotaFields.DAILY, daily);
		}
		if (usesKeys()) {
			if (!this.jwks.isBlank()) {
				body.put("jwks", json.readValue(this.jwks, Map.class));
			}
			if (!this.jwksUri.isBlank()) {
				body.put("jwksUri", this.jwksUri.strip());
			}
		}
		if (usesIdentity() && !this.tlsIdentity.isBlank()) {
			body.put(this.tlsIdentityKind, this.tlsIdentity.strip());
		}
		if (this.certificateBoundTokens) {
			// sent whatever the method: the API says why it needs a certificate method
			body.put("certificateBoundTokens", true);
		}
		return body;
	}

	/** Keys for {@code private_key_jwt}, certificates in them for self-signed mTLS. */
	private boolean usesKeys() {
		return "private_key_jwt".equals(this.authMethod) || CertificateIdentity.SELF_SIGNED.equals(this.authMethod);
	}

	private boolean usesIdentity() {
		return CertificateIdentity.TLS_CLIENT_AUTH.equals(this.authMethod);
	}

	public String getClientId() {
		return this.clientId;
	}

	public void setClientId(String clientId) {
		this.clientId = (clientId != null) ? clientId : "";
	}

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = (name != null) ? name : "";
	}

	public List<String> getGrantTypes() {
		return this.grantTypes;
	}

	public void setGrantTypes(List<String> grantTypes) {
		this.grantTypes = (grantTypes != null) ? grantTypes : new ArrayList<>();
	}

	public String getAuthMethod() {
		return this.authMethod;
	}

	public void setAuthMethod(String authMethod) {
		this.authMethod = (authMethod != null && !authMethod.isBlank()) ? authMethod : AUTH_METHODS.get(0);
	}

	public List<String> getScopes() {
		return this.scopes;
	}

	public void setScopes(List<String> scopes) {
		this.scopes = (scopes != null) ? scopes : new ArrayList<>();
	}

	public String getJwks() {
		return this.jwks;
	}

	public void setJwks(String jwks) {
		this.jwks = (jwks != null) ? jwks : "";
	}

	public String getJwksUri() {
		return this.jwksUri;
	}

	public void setJwksUri(String jwksUri) {
		this.jwksUri = (jwksUri != null) ? jwksUri : "";
	}

	public String getTlsIdentityKind() {
		return this.tlsIdentityKind;
	}

	public void setTlsIdentityKind(String tlsIdentityKind) {
		this.tlsIdentityKind = (tlsIdentityKind != null && !tlsIdentityKind.isBlank()) ? tlsIdentityKind
				: CertificateIdentity.DEFAULT_KIND;
	}

	public String getTlsIdentity() {
		return this.tlsIdentity;
	}

	public void setTlsIdentity(String tlsIdentity) {
		this.tlsIdentity = (tlsIdentity != null) ? tlsIdentity : "";
	}

	public boolean isCertificateBoundTokens() {
		return this.certificateBoundTokens;
	}

	public void setCertificateBoundTokens(boolean certificateBoundTokens) {
		this.certificateBoundTokens = certificateBoundTokens;
	}

	public String getAudiences() {
		return this.audiences;
	}

	public void setAudiences(String audiences) {
		this.audiences = (audiences != null) ? audiences : "";
	}

	public String getRedirectUris() {
		return this.redirectUris;
	}

	public void setRedirectUris(String redirectUris) {
		this.redirectUris = (redirectUris != null) ? redirectUris : "";
	}

	public String getAccessTokenTtlSeconds() {
		return this.accessTokenTtlSeconds;
	}

	public void setAccessTokenTtlSeconds(String accessTokenTtlSeconds) {
		this.accessTokenTtlSeconds = (accessTokenTtlSeconds != null) ? accessTokenTtlSeconds : "";
	}

	public String getHourlyTokenQuota() {
		return this.hourlyTokenQuota;
	}

	public void setHourlyTokenQuota(String hourlyTokenQuota) {
		this.hourlyTokenQuota = (hourlyTokenQuota != null) ? hourlyTokenQuota : "";
	}

	public String getDailyTokenQuota() {
		return this.dailyTokenQuota;
	}

	public void setDailyTokenQuota(String dailyTokenQuota) {
		this.dailyTokenQuota = (dailyTokenQuota != null) ? dailyTokenQuota : "";
	}

}
