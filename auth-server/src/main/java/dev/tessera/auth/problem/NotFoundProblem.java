package dev.tessera.auth.problem;

/** The named admin resource does not exist (404). */
public class NotFoundProblem extends RuntimeException {

	public NotFoundProblem(String message) {
		super(message);
	}

}
