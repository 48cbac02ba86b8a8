package dev.tessera.auth.problem;

import org.springframework.http.HttpStatus;

/** The change clashes with what is stored, e.g. a name taken or a scope in use (409). */
public class ConflictProblem extends Problem {

	public ConflictProblem(String detail) {
		super(HttpStatus.CONFLICT, detail);
	}

}
