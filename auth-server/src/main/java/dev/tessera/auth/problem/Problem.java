package dev.tessera.auth.problem;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refusal whose answer is an RFC 9457 problem: the rules in plain classes throw it and
 * Spring MVC renders it as {@code application/problem+json}
 * ({@link ErrorResponseException}), so no layer between a rule and the response
 * re-describes the error. Its message is the problem's {@code detail}, written for the
 * caller.
 */
public abstract class Problem extends ErrorResponseException {

	protected Problem(HttpStatus status, String detail) {
		super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	/** The problem's {@code detail}. */
	@Override
	public String getMessage() {
		return getBody().getDetail();
	}

}
