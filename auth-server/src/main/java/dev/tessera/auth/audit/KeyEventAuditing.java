package dev.tessera.auth.audit;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.key.KeyLifecycleEvent;

import org.springframework.context.event.EventListener;

/**
 * Records every change to the signing keys, scheduled or by hand, as one audit event:
 * {@code key.schedule}, {@code key.rotate} or {@code key.revoke}, with each step.
 */
public class KeyEventAuditing {

	private static final Logger log = LoggerFactory.getLogger(KeyEventAuditing.class);

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
		try {
			this.trail.recordAndWait(event.operation(), AuditOutcome.SUCCESS, actor,
					Map.of("changes", event.changes()), (event.kid() != null) ? "key:" + event.kid() : null);
		}
		catch (AuditUnavailableException ex) {
			log.error("Key change {} could not be audited: {}", event.changes(), ex.getMessage());
		}
	}

}
