package dev.tessera.auth.key;

/**
 * A change to the signing keys, published after it is committed: {@code key.create},
 * {@code key.activate}, {@code key.retire}, {@code key.retired}, {@code key.revoke},
 * {@code key.rotate}, {@code kek.reencrypt}. The audit trail records these; until it
 * exists they are logged.
 *
 * @param actor who caused it: {@code scheduler}, {@code startup}, or the admin principal
 */
public record KeyLifecycleEvent(String operation, String kid, String actor) {

}
