package dev.tessera.auth.user;

/**
 * A person's password, roles or enabled flag changed, or the person was deleted: what was
 * granted on the old terms (their refresh tokens) should end. Published as a Spring
 * application event by {@link UserAdministration} once the change has committed, so a
 * listener never acts on a change that was rolled back. Listen with a plain
 * {@code @EventListener}: it runs in the thread of the admin call after the commit, where
 * a {@code @TransactionalEventListener} would never be called, and any database work it
 * does needs a new transaction of its own ({@code REQUIRES_NEW}); an exception it throws
 * is logged and does not change the admin API's answer.
 *
 * @param username whose security changed
 */
public record UserSecurityChanged(String username) {

}
