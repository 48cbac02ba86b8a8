package dev.tessera.auth.problem;

/** The change clashes with what is stored, e.g. a name taken or a scope in use (409). */
public class ConflictProblem extends RuntimeException {

	public ConflictProblem(String message) {
		super(message);
	}

}
