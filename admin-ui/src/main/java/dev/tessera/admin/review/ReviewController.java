package dev.tessera.admin.review;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.admin.api.AdminApi;
import dev.tessera.admin.api.AdminApiException;
import dev.tessera.admin.web.FormProblems;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The scope review: per client, the scopes it holds against those it received in the last
 * 30 and 90 days, unused scopes flagged with a one-click removal, idle clients and
 * secrets past their rotation period; the same report as CSV. One call to the admin API's
 * 90-day review gives both views.
 */
@Controller
class ReviewController {

	static final int DAYS = 90;

	private static final String CLIENT = "/clients/{clientId}";

	private static final String REPORT = "/reviews/scopes?days=" + DAYS;

	private final AdminApi api;

	ReviewController(AdminApi api) {
		this.api = api;
	}

	@GetMapping("/review")
	String review(Model model) {
		ScopeReview review = this.api.get(REPORT, ScopeReview.class);
		LocalDate to = LocalDate.parse(review.to());
		Map<String, List<HeldScope>> held = new LinkedHashMap<>();
		int unused = 0;
		for (ScopeReview.Client client : review.clients()) {
			List<HeldScope> scopes = HeldScope.of(client, to);
			held.put(client.clientId(), scopes);
			unused += (int) scopes.stream().filter(HeldScope::unused).count();
		}
		model.addAttribute("review", review);
		model.addAttribute("held", held);
		model.addAttribute("unusedCount", unused);
		model.addAttribute("shortDays", HeldScope.SHORT_DAYS);
		return "review/review";
	}

	@GetMapping(path = "/review.csv")
	ResponseEntity<byte[]> csv() {
		ScopeReview review = this.api.get(REPORT, ScopeReview.class);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("tessera-scope-review-" + review.to() + ".csv")
						.build()
						.toString())
			.body(ReviewCsv.write(review).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Removes one scope from a client (and from its default scopes): a PATCH with the
	 * client's scopes without it. The API's refusal, if any, is shown on the review.
	 */
	@PostMapping("/review/remove")
	Object remove(@RequestParam String clientId, @RequestParam String scope, RedirectAttributes redirect) {
		ClientScopes client = this.api.get(CLIENT, ClientScopes.class, clientId);
		if (!client.scopes().contains(scope)) {
			redirect.addFlashAttribute("notice", clientId + " no longer holds " + scope + ".");
			return "redirect:/review";
		}
		Map<String, Object> patch = new LinkedHashMap<>();
		patch.put("scopes", client.scopes().stream().filter((s) -> !s.equals(scope)).toList());
		patch.put("defaultScopes", client.defaultScopes().stream().filter((s) -> !s.equals(scope)).toList());
		try {
			this.api.patch(CLIENT, patch, ClientScopes.class, clientId);
		}
		catch (AdminApiException ex) {
			redirect.addFlashAttribute("problem", "Tessera refused to remove " + scope + " from " + clientId + ": "
					+ FormProblems.of(ex).values().iterator().next());
			return "redirect:/review";
		}
		redirect.addFlashAttribute("notice", "Removed " + scope + " from " + clientId + ".");
		return "redirect:/review";
	}

	/**
	 * The part of a client the removal needs.
	 *
	 * @param clientId the client
	 * @param scopes the scopes it holds
	 * @param defaultScopes its default scopes
	 */
	record ClientScopes(String clientId, List<String> scopes, List<String> defaultScopes) {

		ClientScopes {
			scopes = (scopes != null) ? scopes : List.of();
			defaultScopes = (defaultScopes != null) ? defaultScopes : List.of();
		}

	}

}
