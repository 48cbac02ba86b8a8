package dev.tessera.admin.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The audit page's filter as the browser sends it ({@code from} and {@code to} as
 * {@code datetime-local} values in UTC), and the query string the admin API takes for it.
 * The same filter goes into the page links (next page, export) so that they show the same
 * events.
 *
 * @param clientId events of this client
 * @param principal events by this principal
 * @param operation events of this operation, such as {@code token.issue}
 * @param outcome {@code success}, {@code business_error} or {@code system_error}
 * @param correlationId events of this request
 * @param from from this time (UTC, inclusive)
 * @param to until this time (UTC, exclusive)
 */
public record AuditFilterForm(String clientId, String principal, String operation, String outcome, String correlationId,
		String from, String to) {

	/** The outcomes the filter offers. */
	public static final List<String> OUTCOMES = List.of("success", "business_error", "system_error");

	public AuditFilterForm {
		clientId = clean(clientId);
		principal = clean(principal);
		operation = clean(operation);
		outcome = clean(outcome);
		correlationId = clean(correlationId);
		from = clean(from);
		to = clean(to);
	}

	/**
	 * The filter's fields that cannot be sent as they are, field name to message (empty
	 * when the filter is fine).
	 */
	public Map<String, String> problems() {
		Map<String, String> problems = new LinkedHashMap<>();
		check("from", this.from, problems);
		check("to", this.to, problems);
		if (!this.outcome.isEmpty() && !OUTCOMES.contains(this.outcome)) {
			problems.put("outcome", "must be one of " + String.join(", ", OUTCOMES));
		}
		return problems;
	}

	/**
	 * The admin API's query parameters for this filter ({@code from}/{@code to} as ISO
	 * instants), only the given fields, not encoded (the admin API client encodes each
	 * value). Call only when {@link #problems()} is empty.
	 */
	public Map<String, String> apiQuery() {
		Map<String, String> parameters = fields();
		parameters.computeIfPresent("from", (name, value) -> LocalTimes.toInstant(value).toString());
		parameters.computeIfPresent("to", (name, value) -> LocalTimes.toInstant(value).toString());
		return parameters;
	}

	/** The console's own parameters for this filter, for the page's links. */
	public String pageQuery() {
		return query(fields());
	}

	/** Whether any criterion is given. */
	public boolean isEmpty() {
		return fields().isEmpty();
	}

	private Map<String, String> fields() {
		Map<String, String> fields = new LinkedHashMap<>();
		put(fields, "clientId", this.clientId);
		put(fields, "principal", this.principal);
		put(fields, "operation", this.operation);
		put(fields, "outcome", this.outcome);
		put(fields, "correlationId", this.correlationId);
		put(fields, "from", this.from);
		put(fields, "to", this.to);
		return fields;
	}

	private static void check(String name, String value, Map<String, String> problems) {
		try {
			Instant ignored = LocalTimes.toInstant(value);
		}
		catch (IllegalArgumentException ex) {
			problems.put(name, ex.getMessage());
		}
	}

	private static void put(Map<String, String> fields, String name, String value) {
		if (!value.isEmpty()) {
			fields.put(name, value);
		}
	}

	static String query(Map<String, String> parameters) {
		StringJoiner query = new StringJoiner("&");
		parameters.forEach((name, value) -> query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return query.toString();
	}

	private static String clean(String value) {
		return (value != null) ? value.strip() : "";
	}

}
