package dev.tessera.auth.problem;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;

/**
 * Input that breaks a rule, with every problem named by its field; nothing was stored
 * (400). The problem lists them in its {@code errors} member.
 */
public class InvalidInputProblem extends Problem {

	private final List<FieldProblem> problems;

	public InvalidInputProblem(List<FieldProblem> problems) {
		super(HttpStatus.BAD_REQUEST,
				problems.stream().map(p -> p.field() + ": " + p.message()).collect(Collectors.joining("; ")));
		this.problems = List.copyOf(problems);
		getBody().setTitle("Invalid request");
		getBody().setProperty("errors",
				this.problems.stream().map(p -> Map.of("field", p.field(), "message", p.message())).toList());
	}

	public InvalidInputProblem(String field, String message) {
		this(List.of(new FieldProblem(field, message)));
	}

	public List<FieldProblem> getProblems() {
		return this.problems;
	}

}
