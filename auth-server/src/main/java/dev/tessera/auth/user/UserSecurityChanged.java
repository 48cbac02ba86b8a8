package dev.tessera.auth.user;

/**
 * A person's password, roles or enabled flag changed, or the person was deleted: what
 * they authorized clients to do before must end (published after the change commits).
 */
public record UserSecurityChanged(String username) {
}
