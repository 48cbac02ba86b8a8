package dev.tessera.auth.audit.query;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTimestamps;

/**
 * Streams every event matching a filter to a file format, page by page, so an export of
 * years of trail never holds more than one page in memory and the first bytes go out at
 * once. JSON lines carry the API's event shape; CSV carries the same fields,
 * {@code detail} as its stored JSON text.
 */
public class AuditExport {

	static final int PAGE_SIZE = AuditSearch.MAX_LIMIT;

	private static final String[] CSV_HEADER = { "id", "timestamp", "correlationId", "principal", "principalType",
			"operation", "sourceIp", "outcome", "detail", "payloadRef", "chainId", "seq" };

	private final AuditQuery query;

	private final JsonMapper json;

	/**
	 * @param json writes the JSON lines and reads each event's detail (the application's
	 * mapper)
	 */
	public AuditExport(AuditQuery query, JsonMapper json) {
		this.query = query;
		this.json = json;
	}

	/**
	 * @return the number of events written
	 */
	public long write(AuditFilter filter, AuditExportFormat format, OutputStream out) throws IOException {
		Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
		if (format == AuditExportFormat.CSV) {
			writer.write(CsvCells.row(CSV_HEADER));
		}
		long written = 0;
		AuditCursor after = null;
		do {
			AuditPage page = this.query.find(new AuditSearch(filter, PAGE_SIZE, after));
			for (AuditRow event : page.events()) {
				writer.write((format == AuditExportFormat.CSV) ? csv(event) : jsonLine(event));
			}
			written += page.events().size();
			writer.flush();
			after = page.next();
		}
		while (after != null);
		writer.flush();
		return written;
	}

	private String jsonLine(AuditRow event) {
		return this.json.writeValueAsString(AuditEventView.of(event, this.json)) + "\n";
	}

	private static String csv(AuditRow event) {
		return CsvCells.row(event.id().toString(), AuditTimestamps.iso(event.occurredAt()), event.correlationId(),
				event.principal(), event.principalType(), event.operation(), event.sourceIp(), event.outcome(),
				event.detail(), event.payloadRef(), event.chainId().toString(), Long.toString(event.seq()));
	}

}
