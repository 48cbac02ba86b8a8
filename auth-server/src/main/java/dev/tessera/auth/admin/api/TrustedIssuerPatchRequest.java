package dev.tessera.auth.admin.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.tessera.auth.trust.TrustedIssuerPatch;

/**
 * {@code PATCH /admin/api/trusted-issuers/{id}}: the fields to change, as a JSON merge
 * patch (RFC 7396): absent fields stay, an explicit {@code null} removes a field (see
 * {@link TrustedIssuerPatch}), so {@code {"subjectPrefix": null}} clears the prefix. A
 * bean with setters rather than a record: Jackson calls a setter only for a field that is
 * present, so an absent field stays a {@code null} {@link Optional} and an explicit
 * {@code null} arrives as an empty one.
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType") // three states on purpose
public class TrustedIssuerPatchRequest {

	private Optional<String> issuer;

	private Optional<Map<String, Object>> jwks;

	private Optional<String> jwksUri;

	private Optional<Set<String>> audiences;

	private Optional<Set<String>> allowedClientIds;

	private Optional<Set<String>> allowedScopes;

	private Optional<Integer> maxAssertionLifetimeSeconds;

	private Optional<String> subjectPrefix;

	TrustedIssuerPatch toPatch() {
		return new TrustedIssuerPatch(this.issuer, (this.jwks != null) ? this.jwks.map(ClientRequest::jwksJson) : null,
				this.jwksUri, this.audiences, this.allowedClientIds, this.allowedScopes,
				this.maxAssertionLifetimeSeconds, this.subjectPrefix);
	}

	public Optional<String> getIssuer() {
		return this.issuer;
	}

	public void setIssuer(Optional<String> issuer) {
		this.issuer = issuer;
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

	public Optional<Set<String>> getAudiences() {
		return this.audiences;
	}

	public void setAudiences(Optional<Set<String>> audiences) {
		this.audiences = audiences;
	}

	public Optional<Set<String>> getAllowedClientIds() {
		return this.allowedClientIds;
	}

	public void setAllowedClientIds(Optional<Set<String>> allowedClientIds) {
		this.allowedClientIds = allowedClientIds;
	}

	public Optional<Set<String>> getAllowedScopes() {
		return this.allowedScopes;
	}

	public void setAllowedScopes(Optional<Set<String>> allowedScopes) {
		this.allowedScopes = allowedScopes;
	}

	public Optional<Integer> getMaxAssertionLifetimeSeconds() {
		return this.maxAssertionLifetimeSeconds;
	}

	public void setMaxAssertionLifetimeSeconds(Optional<Integer> maxAssertionLifetimeSeconds) {
		this.maxAssertionLifetimeSeconds = maxAssertionLifetimeSeconds;
	}

	public Optional<String> getSubjectPrefix() {
		return this.subjectPrefix;
	}

	public void setSubjectPrefix(Optional<String> subjectPrefix) {
		this.subjectPrefix = subjectPrefix;
	}

}
