package dev.tessera.auth.key;

import java.util.Map;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditUnavailableException;

import org.springframework.context.event.EventListener;

/**
 * Records every change to the signing keys, scheduled or by hand, as one audit event:
 * {@code key.schedule}, {@code key.rotate} or {@code key.revoke}, with each step. It runs
 * inside the change's transaction and lets an {@link AuditUnavailableException} through,
 * so a key change that cannot be audited does not happen, as with client changes.
 */
public class KeyEventAuditing {

	private final AuditTrail trail;

	public KeyEventAuditing(AuditTrail trail) {
		this.trail = trail;
	}

	@EventListener
	public void on(KeyLifecycleEvent event) {
		Actor actor = AuditTrail.currentActor();
		if ("anonymous".equals(actor.type())) {
			actor = Actor.system(event.actor());
		}
		this.trail.recordAndWait(event.operation(), AuditOutcome.SUCCESS, actor, Map.of("changes", event.changes()),
				(event.kid() != null) ? "key:" + event.kid() : null);
	}

}
