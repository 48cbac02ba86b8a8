package dev.tessera.admin.certificates;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A certificate Tessera knows, as {@code GET /admin/api/certificates} shows it: what
 * identifies it and when it expires, never the certificate.
 *
 * @param thumbprint its {@code x5t#S256}
 * @param kind {@code server} (the TLS chain Tessera serves), {@code client-ca} (a CA
 * client certificates are trusted under) or {@code client} (one a client registered)
 * @param serialNumber lower-case hex
 * @param expiresInSeconds as the server answered; negative once expired
 * @param owner the client id of a client's certificate, else null
 * @param source the file, bundle or JWKS it was found in
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Certificate(String thumbprint, String kind, String subject, String issuer, String serialNumber,
		Instant notBefore, Instant notAfter, long expiresInSeconds, String owner, String source) {

	private static final long DAY = 86_400;

	/** The expiry thresholds the server warns at, tightest first. */
	public static final List<Integer> THRESHOLDS = List.of(7, 30, 60);

	public boolean expired() {
		return this.expiresInSeconds <= 0;
	}

	/** Whether it expires within {@code days} (or has expired). */
	public boolean within(int days) {
		return this.expiresInSeconds <= days * DAY;
	}

	/** The badge class of its expiry: expired or within 7 days, within 30, later. */
	public String badge() {
		if (within(7)) {
			return "danger";
		}
		return within(30) ? "warn" : "ok";
	}

	/** What the badge says. */
	public String expiryLabel() {
		if (expired()) {
			return "expired";
		}
		for (int days : THRESHOLDS) {
			if (within(days)) {
				return "within " + days + " days";
			}
		}
		return "valid";
	}

	/** The kind as a person reads it. */
	public String kindLabel() {
		return switch (this.kind) {
			case "server" -> "Server (TLS)";
			case "client-ca" -> "Client CA";
			case "client" -> "Client";
			default -> this.kind;
		};
	}

	/**
	 * {@code GET /admin/api/certificates}: every certificate, the soonest to expire
	 * first.
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Listing(List<Certificate> certificates) {

		public Listing {
			certificates = (certificates != null) ? certificates : List.of();
		}

		/** How many expire within {@code days} (the expired ones included). */
		public long within(int days) {
			return this.certificates.stream().filter((certificate) -> certificate.within(days)).count();
		}

	}

}
