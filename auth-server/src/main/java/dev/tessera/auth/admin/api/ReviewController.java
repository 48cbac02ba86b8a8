package dev.tessera.auth.admin.api;

import dev.tessera.auth.review.Reviews;
import dev.tessera.auth.review.ReviewWindow;
import dev.tessera.auth.review.ScopeReview;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /admin/api/reviews/scopes?days=90} (scope {@code admin:read}): the scope
 * review for scripted reviews and the console, as {@link ScopeReview} lays it out.
 * {@code days} is 1 to 400 (90 when absent); anything else is a 400 problem naming it.
 */
@RestController
public class ReviewController {

	private final Reviews reviews;

	public ReviewController(Reviews reviews) {
		this.reviews = reviews;
	}

	@GetMapping(path = "/admin/api/reviews/scopes", produces = "application/json")
	public ScopeReview scopes(@RequestParam(required = false) String days) {
		return this.reviews.scopes(ReviewWindow.parse(days, Reviews.DEFAULT_REVIEW_DAYS, this.reviews.today()));
	}

}
