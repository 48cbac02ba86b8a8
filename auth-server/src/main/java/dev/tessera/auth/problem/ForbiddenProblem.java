package dev.tessera.auth.problem;

import org.springframework.http.HttpStatus;

/**
 * The caller may use this area but not on this resource, e.g. changing a client that
 * holds admin scopes the caller does not hold itself (403).
 */
public class ForbiddenProblem extends Problem {

	public ForbiddenProblem(String detail) {
		super(HttpStatus.FORBIDDEN, detail);
	}

}
