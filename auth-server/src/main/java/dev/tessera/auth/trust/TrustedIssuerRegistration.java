package dev.tessera.auth.trust;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;

/**
 * A trusted issuer as stored (table {@code trusted_issuer} and its audience, client and
 * scope tables), the admin plane's view of it. The token plane reads the immutable
 * {@link TrustedIssuer} snapshot made from it ({@link #toTrustedIssuer()}), never this
 * entity. The collections are loaded by one query each for all registrations
 * ({@code SUBSELECT}), so reloading the whole directory costs four selects however many
 * partners there are.
 */
@Entity
@Table(name = "trusted_issuer")
public class TrustedIssuerRegistration {

	@Id
	private UUID id;

	@Column(nullable = false, unique = true)
	private String issuer;

	@Column(name = "jwks")
	private String jwks;

	@Column(name = "jwks_uri")
	private String jwksUri;

	@Column(name = "max_assertion_lifetime_seconds", nullable = false)
	private int maxAssertionLifetimeSeconds;

	@Column(name = "subject_prefix", unique = true)
	private String subjectPrefix;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt;

	@ElementCollection(fetch = FetchType.EAGER)
	@Fetch(FetchMode.SUBSELECT)
	@CollectionTable(name = "trusted_issuer_audience", joinColumns = @JoinColumn(name = "trusted_issuer_id"))
	@Column(name = "audience")
	private Set<String> audiences = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@Fetch(FetchMode.SUBSELECT)
	@CollectionTable(name = "trusted_issuer_client", joinColumns = @JoinColumn(name = "trusted_issuer_id"))
	@Column(name = "client_id")
	private Set<String> allowedClientIds = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@Fetch(FetchMode.SUBSELECT)
	@CollectionTable(name = "trusted_issuer_scope", joinColumns = @JoinColumn(name = "trusted_issuer_id"))
	@Column(name = "scope")
	private Set<String> allowedScopes = new LinkedHashSet<>();

	protected TrustedIssuerRegistration() {
	}

	public TrustedIssuerRegistration(Instant now) {
		this.id = UUID.randomUUID();
		this.createdAt = stored(now);
		this.updatedAt = this.createdAt;
	}

	/** Takes every setting of a checked draft (defaults already applied). */
	void apply(TrustedIssuerDraft draft) {
		this.issuer = draft.issuer();
		this.jwks = draft.jwks();
		this.jwksUri = draft.jwksUri();
		this.maxAssertionLifetimeSeconds = draft.maxAssertionLifetimeSeconds();
		this.subjectPrefix = draft.subjectPrefix();
		replace(this.audiences, Set.copyOf(draft.audiences()));
		replace(this.allowedClientIds, draft.allowedClientIds());
		replace(this.allowedScopes, draft.allowedScopes());
	}

	/** The immutable snapshot the token plane reads. */
	public TrustedIssuer toTrustedIssuer() {
		return new TrustedIssuer(this.id, this.issuer, this.jwks, this.jwksUri,
				this.audiences.stream().sorted().toList(), this.allowedClientIds, this.allowedScopes,
				Duration.ofSeconds(this.maxAssertionLifetimeSeconds), this.subjectPrefix);
	}

	public UUID getId() {
		return this.id;
	}

	public String getIssuer() {
		return this.issuer;
	}

	public String getJwks() {
		return this.jwks;
	}

	public String getJwksUri() {
		return this.jwksUri;
	}

	public int getMaxAssertionLifetimeSeconds() {
		return this.maxAssertionLifetimeSeconds;
	}

	public String getSubjectPrefix() {
		return this.subjectPrefix;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

	public void touch(Instant now) {
		this.updatedAt = stored(now);
	}

	public Set<String> getAudiences() {
		return this.audiences;
	}

	public Set<String> getAllowedClientIds() {
		return this.allowedClientIds;
	}

	public Set<String> getAllowedScopes() {
		return this.allowedScopes;
	}

	/**
	 * An instant as PostgreSQL keeps it (microseconds), so the answer to a change shows
	 * the same dates as every later read.
	 */
	private static Instant stored(Instant instant) {
		return instant.truncatedTo(ChronoUnit.MICROS);
	}

	private static void replace(Set<String> current, Set<String> target) {
		current.retainAll(target);
		current.addAll(target);
	}

}
