package dev.tessera.admin.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.web.Person;
import dev.tessera.admin.web.ProblemPage;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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

	/** The scope that reading the trail needs. */
	static final String READ = "audit:read";

	/** Events per page. */
	static final int PAGE_SIZE = 50;

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

	private static final MediaType JSON_LINES = MediaType.APPLICATION_NDJSON;

	/** The API's cursors are base64url. */
	private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{1,512}");

	private final AdminApi api;

	private final Clock clock;

	public AuditController(AdminApi api, Clock clock) {
		this.api = api;
		this.clock = clock;
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
		if (!Person.of(authentication).can(READ)) {
			return ProblemPage.notAllowed("Reading the audit trail needs the " + READ
					+ " scope, which your role does not give you. Ask an administrator or an auditor.");
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
		Map<String, String> query = new LinkedHashMap<>(filter.apiQuery());
		query.put("limit", String.valueOf(PAGE_SIZE));
		if (cursor != null && !cursor.isBlank()) {
			if (!CURSOR.matcher(cursor.strip()).matches()) {
				page.addObject("errors",
						Map.of("filter", "This page link is damaged; start again from the first page."));
				page.setStatus(HttpStatus.BAD_REQUEST);
				return page;
			}
			query.put("cursor", cursor.strip());
		}
		try {
			page.addObject("events", AuditPageView.of(this.api.get("/audit", query, AuditPage.class)));
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

	/**
	 * Verifies the hash chain and shows the result on the audit page, with the filter the
	 * person was looking at.
	 */
	@PostMapping("/audit/verify")
	String verify(@ModelAttribute("filter") AuditFilterForm filter, RedirectAttributes redirect) {
		redirect.addFlashAttribute("verification", this.api.get("/audit/verify", ChainVerification.class));
		return "redirect:" + pageUrl(filter);
	}

	/**
	 * The filtered trail as a file, streamed from the admin API to the browser as it
	 * arrives (an export may span years of trail: the console never holds it whole). A
	 * refusal comes before the first byte, so it still becomes an error page.
	 */
	@GetMapping("/audit/export")
	void export(@ModelAttribute("filter") AuditFilterForm filter, @RequestParam(defaultValue = "jsonl") String format,
			HttpServletResponse response) throws IOException {
		boolean csv = "csv".equals(format);
		if (!filter.problems().isEmpty()) {
			// the audit page shows what is wrong with the filter
			response.sendRedirect(pageUrl(filter));
			return;
		}
		Map<String, String> query = new LinkedHashMap<>(filter.apiQuery());
		query.put("format", csv ? "csv" : "jsonl");
		String name = "audit-" + FILE_TIME.format(this.clock.instant()) + (csv ? ".csv" : ".jsonl");
		this.api.download("/audit/export", query, (headers) -> {
			response.setContentType((csv ? CSV : JSON_LINES).toString());
			response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(name).build().toString());
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		}, response.getOutputStream());
	}

	/** The audit page showing this filter (its values already encoded). */
	private static String pageUrl(AuditFilterForm filter) {
		return filter.isEmpty() ? "/audit" : "/audit?" + filter.pageQuery();
	}

}
