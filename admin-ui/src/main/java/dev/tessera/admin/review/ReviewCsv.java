package dev.tessera.admin.review;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The scope review as CSV (RFC 4180), one line per scope a client holds (a client holding
 * none gets one line with an empty scope). Cells are quoted when they must be, and a cell
 * a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a
 * carriage return) is prefixed with {@code '}: client names and scopes are typed by
 * people and must not become formulas in the reviewer's spreadsheet.
 */
public final class ReviewCsv {

	static final List<String> HEADER = List.of("client_id", "name", "enabled", "scope", "received_30_days",
			"received_90_days", "tokens_90_days", "last_received", "unused", "client_idle", "last_token_on",
			"secret_expires_at", "secret_past_rotation");

	private ReviewCsv() {
	}

	/** The whole report, header first, lines ending in CRLF. */
	public static String write(ScopeReview review) {
		LocalDate to = LocalDate.parse(review.to());
		StringBuilder csv = new StringBuilder();
		line(csv, HEADER);
		for (ScopeReview.Client client : review.clients()) {
			List<HeldScope> held = HeldScope.of(client, to);
			if (held.isEmpty()) {
				line(csv, row(client, null));
			}
			for (HeldScope scope : held) {
				line(csv, row(client, scope));
			}
		}
		return csv.toString();
	}

	private static List<String> row(ScopeReview.Client client, HeldScope scope) {
		List<String> cells = new ArrayList<>();
		cells.add(client.clientId());
		cells.add(client.name());
		cells.add(String.valueOf(client.enabled()));
		cells.add((scope != null) ? scope.scope() : "");
		cells.add((scope != null) ? String.valueOf(scope.in30()) : "");
		cells.add((scope != null) ? String.valueOf(scope.in90()) : "");
		cells.add((scope != null) ? String.valueOf(scope.tokens90()) : "");
		cells.add((scope != null) ? scope.lastReceived() : "");
		cells.add((scope != null) ? String.valueOf(scope.unused()) : "");
		cells.add(String.valueOf(client.idle()));
		cells.add(client.lastTokenOn());
		cells.add(client.secretExpiresAt());
		cells.add(String.valueOf(client.secretPastRotation()));
		return cells;
	}

	private static void line(StringBuilder csv, List<String> cells) {
		for (int i = 0; i < cells.size(); i++) {
			if (i > 0) {
				csv.append(',');
			}
			csv.append(cell(cells.get(i)));
		}
		csv.append("\r\n");
	}

	/** One cell, made formula-safe and quoted when needed. */
	static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String text = value;
		char first = text.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			text = "'" + text;
		}
		if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
			return "\"" + text.replace("\"", "\"\"") + "\"";
		}
		return text;
	}

}
