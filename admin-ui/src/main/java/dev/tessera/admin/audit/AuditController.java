package dev.tessera.admin.audit;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.web.Person;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The audit trail page: a filter, a page of events with the API's cursor paging, the
 * hash-chain verification and exports with the current filter. Only for people whose
 * token carries {@code audit:read}; others get a page that says so (the admin API would
 * refuse them anyway).
 */
@Controller
public class AuditController {

	/** Events per page. */
	static final int PAGE_SIZE = 50;

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	/** The API's cursors are base64url. */
	private static final java.util.regex.Pattern CURSOR = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,512}");

	private final AdminApi api;

	private final Clock clock;

	public AuditController(AdminApi api) {
		this.api = api;
		this.clock = Clock.systemUTC();
	}

	@ModelAttribute("filter")
	AuditFilterForm filter(@RequestParam(required = false) String clientId,
			@RequestParam(required = false) String principal, @RequestParam(required = false) String operation,
			@RequestParam(required = false) String outcome, @RequestParam(required = false) String correlationId,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to) {
		return new AuditFilterForm(clientId, principal, operation, outcome, correlationId, from, to);
	}

	@GetMapping("/audit")
	ModelAndView audit(@ModelAttribute("filter") AuditFilterForm filter, @RequestParam(required = false) String cursor,
			Authentication authentication) {
		if (!Person.of(authentication).can("audit:read")) {
			return new ModelAndView("audit/needs-scope", HttpStatus.FORBIDDEN);
		}
		ModelAndView page = new ModelAndView("audit/audit");
		page.addObject("outcomes", AuditFilterForm.OUTCOMES);
		page.addObject("pastFirstPage", cursor != null && !cursor.isBlank());
		Map<String, String> problems = filter.problems();
		page.addObject("errors", problems);
		page.addObject("events", AuditPageView.EMPTY);
		if (!problems.isEmpty()) {
			page.setStatus(HttpStatus.BAD_REQUEST);
			return page;
		}
		StringBuilder path = new StringBuilder("/audit?limit=").append(PAGE_SIZE);
		if (!filter.isEmpty()) {
			path.append('&').append(filter.apiQuery());
		}
		if (cursor != null && !cursor.isBlank()) {
			if (!CURSOR.matcher(cursor.strip()).matches()) {
				page.addObject("errors",
						Map.of("filter", "This page link is damaged; start again from the first page."));
				page.setStatus(HttpStatus.BAD_REQUEST);
				return page;
			}
			path.append("&cursor=").append(cursor.strip());
		}
		try {
			page.addObject("events", AuditPageView.of(this.api.get(path.toString(), AuditPage.class)));
		}
		catch (AdminApiException ex) {
			if (!ex.isInputProblem()) {
				throw ex;
			}
			page.addObject("errors", ex.fieldErrors().isEmpty() ? Map.of("filter", ex.detail()) : ex.fieldErrors());
			page.setStatus(HttpStatus.BAD_REQUEST);
		}
		return page;
	}

	@PostMapping("/audit/verify")
	String verify(RedirectAttributes redirect) {
		redirect.addFlashAttribute("verification", this.api.get("/audit/verify", ChainVerification.class));
		return "redirect:/audit";
	}

	@GetMapping("/audit/export")
	ResponseEntity<byte[]> export(@ModelAttribute("filter") AuditFilterForm filter,
			@RequestParam(defaultValue = "jsonl") String format) {
		boolean csv = "csv".equals(format);
		if (!filter.problems().isEmpty()) {
			// the audit page shows what is wrong with the filter
			return ResponseEntity.status(HttpStatus.SEE_OTHER)
				.location(java.net.URI.create("/audit?" + filter.pageQuery()))
				.build();
		}
		String path = "/audit/export?format=" + (csv ? "csv" : "jsonl")
				+ (filter.isEmpty() ? "" : "&" + filter.apiQuery());
		byte[] file = this.api.download(path);
		String name = "audit-" + FILE_TIME.format(this.clock.instant()) + (csv ? ".csv" : ".jsonl");
		return ResponseEntity.ok()
			.contentType(csv ? new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)
					: MediaType.parseMediaType("application/x-ndjson"))
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.body(file);
	}

}
