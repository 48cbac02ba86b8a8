package dev.tessera.auth.audit.query;

import java.util.Locale;

import dev.tessera.auth.problem.InvalidInputProblem;

/** The file formats the trail can be exported in, with how each is served. */
public enum AuditExportFormat {

	/** One JSON object per line (the API's event shape), for log and SIEM tooling. */
	JSONL("application/x-ndjson", "jsonl"),

	/**
	 * RFC 4180 CSV with a header row, for spreadsheets; formula-looking cells
	 * neutralised.
	 */
	CSV("text/csv;charset=UTF-8", "csv");

	private final String contentType;

	private final String extension;

	AuditExportFormat(String contentType, String extension) {
		this.contentType = contentType;
		this.extension = extension;
	}

	public String contentType() {
		return this.contentType;
	}

	public String extension() {
		return this.extension;
	}

	/**
	 * @param format {@code jsonl} (the default when absent) or {@code csv}
	 * @throws InvalidInputProblem naming {@code format} for anything else
	 */
	public static AuditExportFormat parse(String format) {
		if (format == null || format.isBlank()) {
			return JSONL;
		}
		return switch (format.trim().toLowerCase(Locale.ROOT)) {
			case "jsonl", "ndjson" -> JSONL;
			case "csv" -> CSV;
			default -> throw new InvalidInputProblem("format", "must be jsonl or csv");
		};
	}

}
