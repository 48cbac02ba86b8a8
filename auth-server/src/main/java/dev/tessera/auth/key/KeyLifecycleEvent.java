package dev.tessera.auth.key;

import java.util.List;

/**
 * One change to the signing keys, published inside its transaction for the audit trail
 * (whose listener may refuse it, rolling the change back): {@code key.schedule} (the
 * scheduler or start-up published, activated or retired keys, or re-encrypted them under
 * a new KEK), {@code key.rotate} or {@code key.revoke} (an admin). {@code changes} lists
 * each step, e.g. {@code "activate 3fQ..."}.
 *
 * @param kid the key the change is mainly about (the new signer, the revoked key)
 * @param actor {@code scheduler}, {@code startup}, or the admin principal's name
 */
public record KeyLifecycleEvent(String operation, String kid, String actor, List<String> changes) {

}
