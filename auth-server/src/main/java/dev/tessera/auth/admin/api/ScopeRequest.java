package dev.tessera.auth.admin.api;

/** {@code POST /admin/api/scopes}: a scope for the catalogue. */
public record ScopeRequest(String name, String description) {

}
