package dev.tessera.auth.problem;

/**
 * The caller may use this area but not on this resource, e.g. changing a client that
 * holds admin scopes the caller does not hold itself (403).
 */
public class ForbiddenProblem extends RuntimeException {

	public ForbiddenProblem(String message) {
		super(message);
	}

}
