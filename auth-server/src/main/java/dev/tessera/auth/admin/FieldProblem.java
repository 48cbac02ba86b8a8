package dev.tessera.auth.admin;

/** One thing wrong with a request, named by the field it concerns. */
public record FieldProblem(String field, String message) {

}
