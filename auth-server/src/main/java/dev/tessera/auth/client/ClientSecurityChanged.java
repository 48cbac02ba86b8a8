package dev.tessera.auth.client;

/**
 * A client made a security change (see {@link SecurityChange}) or was deleted: what
 * people authorized it to do before must end, refresh token families included (published
 * within the change's transaction; listeners act after it commits).
 *
 * @param registeredClientId the client's internal id, Spring's
 * {@code RegisteredClient#getId()}
 */
public record ClientSecurityChanged(String registeredClientId) {
}
