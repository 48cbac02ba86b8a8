package dev.tessera.auth.admin.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditTimestamps;
import dev.tessera.auth.audit.integrity.AuditCheckpointSet;
import dev.tessera.auth.audit.integrity.AuditCheckpoints;
import dev.tessera.auth.audit.integrity.AuditVerification;
import dev.tessera.auth.audit.integrity.AuditVerifier;
import dev.tessera.auth.audit.query.AuditExport;
import dev.tessera.auth.audit.query.AuditExportFormat;
import dev.tessera.auth.audit.query.AuditFilter;
import dev.tessera.auth.audit.query.AuditQuery;
import dev.tessera.auth.audit.query.AuditSearch;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /admin/api/audit} (scope {@code audit:read}): the trail, filtered and paged; an
 * export of everything a filter matches; and the hash-chain verification, against the
 * checkpoints kept outside the database.
 * <p>
 * The export writes straight to the response, page by page, on the request thread rather
 * than through an async {@code StreamingResponseBody}: an export of years of trail can
 * outlast the servlet container's async timeout (30 s by default), which would cut the
 * file short mid-stream.
 */
@RestController
@RequestMapping("/admin/api/audit")
public class AuditController {

	/** A collector's checkpoint lines: the newest line per chain is all that counts. */
	static final int MAX_CHECKPOINT_BYTES = 1024 * 1024;

	private final AuditQuery query;

	private final AuditExport export;

	private final AuditVerifier verifier;

	private final AuditCheckpoints checkpoints;

	private final Clock clock;

	private final JsonMapper json;

	public AuditController(AuditQuery query, AuditExport export, AuditVerifier verifier, AuditCheckpoints checkpoints,
			Clock clock, JsonMapper json) {
		this.query = query;
		this.export = export;
		this.verifier = verifier;
		this.checkpoints = checkpoints;
		this.clock = clock;
		this.json = json;
	}

	@GetMapping(produces = "application/json")
	public AuditPageResponse search(@RequestParam(required = false) String clientId,
			@RequestParam(required = false) String principal, @RequestParam(required = false) String operation,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String correlationId,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
		AuditSearch search = AuditSearch.parse(clientId, principal, operation, outcome, correlationId, from, to, limit,
				cursor);
		return AuditPageResponse.of(this.query.find(search), this.json);
	}

	/**
	 * {@code format=jsonl} (default, {@code application/x-ndjson}) or {@code csv}, as a
	 * download.
	 */
	@GetMapping("/export")
	public void export(@RequestParam(required = false) String format, @RequestParam(required = false) String clientId,
			@RequestParam(required = false) String principal, @RequestParam(required = false) String operation,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String correlationId,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			HttpServletResponse response) throws IOException {
		AuditExportFormat exportFormat = AuditExportFormat.parse(format);
		AuditFilter filter = AuditFilter.parse(clientId, principal, operation, outcome, correlationId, from, to);
		String fileName = "audit-" + AuditTimestamps.forFileName(this.clock.instant()) + "." + exportFormat.extension();
		response.setContentType(exportFormat.contentType());
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(fileName).build().toString());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.export.write(filter, exportFormat, response.getOutputStream());
	}

	/**
	 * Verifies against the newest checkpoints in the archive directory's checkpoint
	 * files.
	 */
	@GetMapping(path = "/verify", produces = "application/json")
	public AuditVerification verify() {
		return this.verifier.verify(this.checkpoints.readDirectory());
	}

	/**
	 * Verifies against the checkpoints in the body (JSON lines, as an outside collector
	 * kept them from the checkpoint files or the {@code tessera.audit.checkpoint} log),
	 * together with those in the archive directory; the newest of each chain counts. A
	 * form content type is refused (415) rather than read: the container may consume a
	 * form body as parameters, and the checkpoints would silently not count.
	 */
	@PostMapping(path = "/verify", produces = "application/json",
			consumes = { "application/x-ndjson", "application/jsonl", "application/json", "text/plain" })
	public AuditVerification verify(InputStream body) throws IOException {
		byte[] lines = body.readNBytes(MAX_CHECKPOINT_BYTES + 1);
		if (lines.length > MAX_CHECKPOINT_BYTES) {
			throw new ErrorResponseException(HttpStatus.PAYLOAD_TOO_LARGE,
					ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, "Send at most "
							+ MAX_CHECKPOINT_BYTES + " bytes of checkpoints: the newest line of each chain is enough"),
					null);
		}
		AuditCheckpointSet given = this.checkpoints.parse(new String(lines, StandardCharsets.UTF_8));
		return this.verifier.verify(AuditCheckpointSet.merge(given, this.checkpoints.readDirectory()));
	}

}
