package dev.tessera.auth.admin.api;

import dev.tessera.auth.review.ClientUsage;
import dev.tessera.auth.review.Reviews;
import dev.tessera.auth.review.ReviewWindow;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/api/clients/{clientId}/usage?days=30} (scope {@code admin:read}): one
 * client's tokens per day and per scope, as {@link ClientUsage} lays them out.
 * {@code days} is 1 to 400 (30 when absent); an unknown client is a 404 problem.
 */
@RestController
public class UsageController {

	private final Reviews reviews;

	public UsageController(Reviews reviews) {
		this.reviews = reviews;
	}

	@GetMapping(path = "/admin/api/clients/{clientId}/usage", produces = "application/json")
	public ClientUsage usage(@PathVariable String clientId, @RequestParam(required = false) String days) {
		return this.reviews.usage(clientId, ReviewWindow.parse(days, Reviews.DEFAULT_USAGE_DAYS, this.reviews.today()));
	}

}
