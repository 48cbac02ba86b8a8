package dev.tessera.auth.problem;

/** One thing wrong with a request, named by the field it concerns. */
public record FieldProblem(String field, String message) {

}
