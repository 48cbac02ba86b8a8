package dev.tessera.auth.admin.api;

import dev.tessera.auth.review.Overview;
import dev.tessera.auth.review.Reviews;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/api/overview} (scope {@code admin:read}): the console's dashboard
 * figures, as {@link Overview} lays them out.
 */
@RestController
public class OverviewController {

	private final Reviews reviews;

	public OverviewController(Reviews reviews) {
		this.reviews = reviews;
	}

	@GetMapping(path = "/admin/api/overview", produces = "application/json")
	public Overview overview() {
		return this.reviews.overview();
	}

}
