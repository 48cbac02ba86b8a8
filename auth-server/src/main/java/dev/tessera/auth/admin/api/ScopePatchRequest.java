package dev.tessera.auth.admin.api;

/** {@code PATCH /admin/api/scopes/{name}}: the scope's new description. */
public record ScopePatchRequest(String description) {

}
