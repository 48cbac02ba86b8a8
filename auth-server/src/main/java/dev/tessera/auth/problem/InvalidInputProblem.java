package dev.tessera.auth.problem;

import java.util.List;
import java.util.stream.Collectors;

/** Input that breaks a rule, with every problem named by its field; nothing was stored (400). */
public class InvalidInputProblem extends RuntimeException {

	private final List<FieldProblem> problems;

	public InvalidInputProblem(List<FieldProblem> problems) {
		super(problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
	}

	public InvalidInputProblem(String field, String message) {
		this(List.of(new FieldProblem(field, message)));
	}

	public List<FieldProblem> getProblems() {
		return this.problems;
	}

}
