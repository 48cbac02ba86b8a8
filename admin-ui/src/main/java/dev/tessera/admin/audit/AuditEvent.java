package dev.tessera.admin.audit;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * An audit event as {@code GET /admin/api/audit} shows it, with what the table needs: the
 * client it concerns and a one-line summary of its detail.
 *
 * @param id the event id
 * @param timestamp when it happened (ISO, UTC)
 * @param correlationId the request it belongs to
 * @param principal who acted
 * @param principalType {@code client}, {@code user}, {@code anonymous} or {@code system}
 * @param operation such as {@code token.issue}
 * @param sourceIp the caller's address
 * @param outcome {@code success}, {@code business_error} or {@code system_error}
 * @param detail the detail object (or a text, for a row whose detail is not JSON)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuditEvent(String id, String timestamp, String correlationId, String principal, String principalType,
		String operation, String sourceIp, String outcome, Object detail) {

	private static final int SUMMARY_LENGTH = 160;

	private static final List<String> CLIENT_KEYS = List.of("clientId", "claimedClientId", "client_id");

	/**
	 * The client the event concerns: the principal when a client acted, otherwise the
	 * client named in the detail (a claimed id for a failed authentication), or "".
	 */
	public String client() {
		if ("client".equals(this.principalType)) {
			return this.principal;
		}
		if (this.detail instanceof Map<?, ?> map) {
			for (String key : CLIENT_KEYS) {
				if (map.get(key) instanceof String value) {
					return value;
				}
			}
		}
		return "";
	}

	/** The detail on one line ({@code key=value, …}), cut to a readable length. */
	public String detailSummary() {
		String summary;
		if (this.detail instanceof Map<?, ?> map) {
			StringJoiner line = new StringJoiner(", ");
			map.forEach((key, value) -> line.add(key + "=" + value));
			summary = line.toString();
		}
		else {
			summary = (this.detail != null) ? String.valueOf(this.detail) : "";
		}
		return (summary.length() > SUMMARY_LENGTH) ? summary.substring(0, SUMMARY_LENGTH - 1) + "…" : summary;
	}

	/** The badge class of the outcome. */
	public String badge() {
		return switch (String.valueOf(this.outcome)) {
			case "success" -> "ok";
			case "business_error" -> "warn";
			default -> "danger";
		};
	}

}
