package dev.tessera.auth.problem;

import org.springframework.http.HttpStatus;

/** The named resource does not exist (404). */
public class NotFoundProblem extends Problem {

	public NotFoundProblem(String detail) {
		super(HttpStatus.NOT_FOUND, detail);
	}

}
