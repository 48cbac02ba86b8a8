package dev.tessera.admin.issuers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.admin.web.Lines;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The trusted issuer form as the browser sends it (lists one value per line, the JWKS as
 * JSON text), and the admin API bodies made from it. Input the console can judge alone
 * (JSON that does not parse, a lifetime that is no number) is refused before the API is
 * called, next to its field like the API's own refusals.
 *
 * @param issuer the partner's issuer
 * @param jwks the inline JWKS as JSON text, or blank
 * @param jwksUri the JWKS URL, or blank
 * @param audiences one per line
 * @param allowedClientIds one per line
 * @param allowedScopes the chosen scopes
 * @param maxAssertionLifetimeSeconds a whole number, or blank for the server's default
 * @param subjectPrefix the prefix, or blank for none
 */
public record IssuerForm(String issuer, String jwks, String jwksUri, String audiences, String allowedClientIds,
		List<String> allowedScopes, String maxAssertionLifetimeSeconds, String subjectPrefix) {

	public IssuerForm {
		issuer = clean(issuer);
		jwks = (jwks != null) ? jwks.strip() : "";
		jwksUri = clean(jwksUri);
		audiences = (audiences != null) ? audiences : "";
		allowedClientIds = (allowedClientIds != null) ? allowedClientIds : "";
		allowedScopes = (allowedScopes != null) ? List.copyOf(allowedScopes) : List.of();
		maxAssertionLifetimeSeconds = clean(maxAssertionLifetimeSeconds);
		subjectPrefix = clean(subjectPrefix);
	}

	public static IssuerForm blank() {
		return new IssuerForm("", "", "", "", "", List.of(), "", "");
	}

	/** The form of a registered issuer. */
	public static IssuerForm of(TrustedIssuer issuer, JsonMapper json) {
		return new IssuerForm(issuer.issuer(),
				(issuer.jwks() != null) ? json.writerWithDefaultPrettyPrinter().writeValueAsString(issuer.jwks()) : "",
				issuer.jwksUri(), Lines.join(issuer.audiences()), Lines.join(issuer.allowedClientIds()),
				issuer.allowedScopes(), String.valueOf(issuer.maxAssertionLifetimeSeconds()), issuer.subjectPrefix());
	}

	/** What the console refuses before asking the API, field name to message. */
	public Map<String, String> problems(JsonMapper json) {
		Map<String, String> problems = new LinkedHashMap<>();
		if (!this.jwks.isEmpty()) {
			try {
				if (!json.readTree(this.jwks).isObject()) {
					problems.put("jwks", "must be a JSON object with a \"keys\" array");
				}
			}
			catch (JacksonException ex) {
				problems.put("jwks", "is not valid JSON");
			}
		}
		if (!this.maxAssertionLifetimeSeconds.isEmpty() && !this.maxAssertionLifetimeSeconds.matches("\\d{1,9}")) {
			problems.put("maxAssertionLifetimeSeconds", "must be a whole number of seconds");
		}
		return problems;
	}

	/**
	 * {@code POST /admin/api/trusted-issuers}: the given fields (blank ones left out so
	 * the server's defaults apply). Call only when {@link #problems} is empty.
	 */
	public Map<String, Object> createBody(JsonMapper json) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", this.issuer);
		if (!this.jwks.isEmpty()) {
			body.put("jwks", json.readValue(this.jwks, Map.class));
		}
		if (!this.jwksUri.isEmpty()) {
			body.put("jwksUri", this.jwksUri);
		}
		body.put("audiences", Lines.split(this.audiences));
		body.put("allowedClientIds", Lines.split(this.allowedClientIds));
		body.put("allowedScopes", this.allowedScopes);
		if (!this.maxAssertionLifetimeSeconds.isEmpty()) {
			body.put("maxAssertionLifetimeSeconds", Integer.valueOf(this.maxAssertionLifetimeSeconds));
		}
		if (!this.subjectPrefix.isEmpty()) {
			body.put("subjectPrefix", this.subjectPrefix);
		}
		return body;
	}

	/**
	 * {@code PATCH /admin/api/trusted-issuers/{id}} (JSON merge patch): every field as
	 * the form shows it, an emptied optional field ({@code jwks}, {@code jwksUri},
	 * {@code subjectPrefix}) as {@code null}, which removes it.
	 */
	public Map<String, Object> patchBody(JsonMapper json) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("issuer", this.issuer);
		body.put("jwks", this.jwks.isEmpty() ? null : json.readValue(this.jwks, Map.class));
		body.put("jwksUri", this.jwksUri.isEmpty() ? null : this.jwksUri);
		body.put("audiences", Lines.split(this.audiences));
		body.put("allowedClientIds", Lines.split(this.allowedClientIds));
		body.put("allowedScopes", this.allowedScopes);
		if (!this.maxAssertionLifetimeSeconds.isEmpty()) {
			body.put("maxAssertionLifetimeSeconds", Integer.valueOf(this.maxAssertionLifetimeSeconds));
		}
		body.put("subjectPrefix", this.subjectPrefix.isEmpty() ? null : this.subjectPrefix);
		return body;
	}

	public boolean allows(String scope) {
		return this.allowedScopes.contains(scope);
	}

	private static String clean(String value) {
		return (value != null) ? value.strip() : "";
	}

}
