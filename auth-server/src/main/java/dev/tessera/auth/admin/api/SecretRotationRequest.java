package dev.tessera.auth.admin.api;

/**
 * {@code POST /admin/api/clients/{clientId}/secret}: how long the old secret keeps
 * working (default 0).
 */
public record SecretRotationRequest(Integer graceSeconds) {

	static final int MAX_GRACE_SECONDS = 30 * 24 * 3600;

}
