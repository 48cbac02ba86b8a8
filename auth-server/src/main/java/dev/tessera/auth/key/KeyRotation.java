package dev.tessera.auth.key;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.cluster.CacheInvalidations;
import dev.tessera.auth.encryption.KeyCipher;
import dev.tessera.auth.encryption.SealedRow;
import dev.tessera.auth.encryption.ServerSecretRepository;
import dev.tessera.auth.problem.ConflictProblem;
import dev.tessera.auth.problem.NotFoundProblem;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change to the signing keys: the schedule ({@link KeyLifecycle}), a rotation by
 * hand, a revocation, and the start-up checks (a wrong KEK stops here before anything is
 * written; a KEK rotation re-encrypts). Each change runs in one transaction under a
 * PostgreSQL advisory lock, re-reading the keys after taking it, so when several nodes
 * share the database exactly one of them acts and the others find nothing left to do.
 * <p>
 * Each change publishes its {@link KeyLifecycleEvent} inside its transaction, and the
 * audit trail records it there: a change that cannot be audited is rolled back. The
 * start-up change runs before the audit writer (and the listeners) are up, so its event
 * is published when this bean starts as a {@link SmartLifecycle}, after the writer.
 */
public class KeyRotation implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

	private final SigningKeyRepository repository;

	private final ServerSecretRepository serverSecrets;

	private final SigningKeys keys;

	private final KeyCipher cipher;

	private final KeyLifecycle lifecycle;

	private final JWSAlgorithm algorithm;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final CacheInvalidations invalidations;

	/** The start-up change, committed before anyone could record it. */
	private KeyLifecycleEvent startupEvent;

	private volatile boolean running;

	public KeyRotation(SigningKeyRepository repository, ServerSecretRepository serverSecrets, SigningKeys keys,
			KeyCipher cipher, KeyLifecycle lifecycle, JWSAlgorithm algorithm, TransactionTemplate transactions,
			ApplicationEventPublisher events, Clock clock, CacheInvalidations invalidations) {
		this.invalidations = invalidations;
		this.repository = repository;
		this.serverSecrets = serverSecrets;
		this.keys = keys;
		this.cipher = cipher;
		this.lifecycle = lifecycle;
		this.algorithm = algorithm;
		this.transactions = transactions;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * At start: prove the KEK, finish a KEK rotation, make sure a key signs, load the
	 * set.
	 */
	public void initialize() {
		change("key.schedule", "startup", null, false, (live, now) -> {
			live.forEach(this.keys::decrypt); // a wrong KEK stops here, before anything
												// is written
			List<String> done = new ArrayList<>();
			int reencrypted = KekRotation.reencrypt(this.cipher, live, this.serverSecrets.findAll());
			if (reencrypted > 0) {
				done.add("reencrypt " + reencrypted);
			}
			done.addAll(apply(this.lifecycle.scheduled(live, now), live, now));
			return done;
		});
		this.keys.refresh();
	}

	/** The schedule, checked on every node; only the lock holder with work to do acts. */
	@Scheduled(initialDelayString = "${tessera.keys.check-interval:30s}",
			fixedDelayString = "${tessera.keys.check-interval:30s}")
	public void tick() {
		change("key.schedule", "scheduler", (live, now) -> apply(this.lifecycle.scheduled(live, now), live, now));
	}

	/** Rotates now: the pre-published key if any, else a new one, signs from now on. */
	public SigningKey rotateNow(String actor) {
		change("key.rotate", actor, (live, now) -> apply(this.lifecycle.immediate(live), live, now));
		return this.repository.findByStatusIn(List.of(SigningKeyStatus.ACTIVE)).get(0);
	}

	/**
	 * Takes a key out of the JWKS at once; tokens it signed stop verifying. A revoked
	 * signing key is replaced immediately.
	 */
	public SigningKey revoke(String kid, String actor) {
		change("key.revoke", actor, kid, true, (live, now) -> {
			SigningKey key = this.repository.findById(kid)
				.orElseThrow(() -> new NotFoundProblem("No signing key '" + kid + "'"));
			if (!key.getStatus().isPublished()) {
				throw new ConflictProblem("Signing key '" + kid + "' is already " + key.getStatus());
			}
			boolean wasSigning = key.getStatus() == SigningKeyStatus.ACTIVE;
			key.revoke(now);
			this.repository.saveAndFlush(key);
			List<String> done = new ArrayList<>();
			done.add("revoke " + kid);
			if (wasSigning) {
				List<SigningKey> remaining = new ArrayList<>(
						live.stream().filter(other -> !other.getKid().equals(kid)).toList());
				done.addAll(apply(this.lifecycle.immediate(remaining), remaining, now));
			}
			return done;
		});
		return this.repository.findById(kid).orElseThrow();
	}

	public List<SigningKey> list() {
		return this.repository.findAll(org.springframework.data.domain.Sort.by("createdAt"));
	}

	/** Records the start-up change, now that the audit writer runs. */
	@Override
	public void start() {
		this.running = true;
		KeyLifecycleEvent event = this.startupEvent;
		this.startupEvent = null;
		if (event != null) {
			try {
				this.events.publishEvent(event);
			}
			catch (RuntimeException ex) {
				// committed already: the change stands, and says loudly that its record
				// is missing
				log.error("The start-up key change {} could not be audited: {}", event.changes(), ex.getMessage());
			}
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void change(String operation, String actor, BiFunction<List<SigningKey>, Instant, List<String>> work) {
		change(operation, actor, null, true, work);
	}

	/**
	 * Runs one change under the lock; the event describing every step is published in its
	 * transaction (or kept for {@link #start} at start-up), and once committed this node
	 * reloads its keys.
	 * @param subjectKid the key the change is about, when it is not the resulting signer
	 * @param auditInTransaction false only at start-up, before anything can record
	 */
	private void change(String operation, String actor, String subjectKid, boolean auditInTransaction,
			BiFunction<List<SigningKey>, Instant, List<String>> work) {
		KeyLifecycleEvent[] event = new KeyLifecycleEvent[1];
		this.transactions.executeWithoutResult(status -> {
			this.repository.lockKeySetForChange();
			List<SigningKey> live = new ArrayList<>(this.repository.findByStatusIn(SigningKeys.LIVE));
			List<String> steps = work.apply(live, this.clock.instant());
			if (steps.isEmpty()) {
				return;
			}
			String mainKid = (subjectKid != null) ? subjectKid
					: this.repository.findByStatusIn(List.of(SigningKeyStatus.ACTIVE))
						.stream()
						.map(SigningKey::getKid)
						.findFirst()
						.orElse(null);
			event[0] = new KeyLifecycleEvent(operation, mainKid, actor, List.copyOf(steps));
			if (auditInTransaction) {
				this.events.publishEvent(event[0]); // the audit trail waits for its row;
													// a failure rolls back
			}
		});
		if (event[0] == null) {
			return;
		}
		if (!auditInTransaction) {
			this.startupEvent = event[0];
		}
		this.keys.refresh();
		this.invalidations.keysChanged();
		log.info("Signing keys ({} by {}): {}", operation, actor, String.join(", ", event[0].changes()));
	}

	private List<String> apply(List<KeyLifecycle.Step> steps, List<SigningKey> live, Instant now) {
		List<String> done = new ArrayList<>();
		for (KeyLifecycle.Step step : steps) {
			if (step instanceof KeyLifecycle.Step.Create create) {
				if (create.status() == SigningKeyStatus.ACTIVE) {
					retireActive(live, now, done);
				}
				SigningKey key = newKey(create.status(), now);
				this.repository.saveAndFlush(key);
				live.add(key);
				done.add("create " + create.status() + " " + key.getKid());
			}
			else if (step instanceof KeyLifecycle.Step.Activate activate) {
				retireActive(live, now, done);
				SigningKey key = find(live, activate.kid());
				key.activate(now);
				this.repository.saveAndFlush(key);
				done.add("activate " + key.getKid());
			}
			else if (step instanceof KeyLifecycle.Step.Retire retire) {
				SigningKey key = find(live, retire.kid());
				key.retire(now);
				this.repository.saveAndFlush(key);
				done.add("retired " + key.getKid());
			}
		}
		return done;
	}

	/**
	 * The current signer starts retiring; flushed first, since only one key may be
	 * ACTIVE.
	 */
	private void retireActive(List<SigningKey> live, Instant now, List<String> done) {
		for (SigningKey key : live) {
			if (key.getStatus() == SigningKeyStatus.ACTIVE) {
				key.startRetiring(this.lifecycle.retiresAt(now));
				this.repository.saveAndFlush(key);
				done.add("retiring " + key.getKid());
			}
		}
	}

	private SigningKey newKey(SigningKeyStatus status, Instant now) {
		JWK jwk = SigningKeyGenerator.generate(this.algorithm);
		byte[] sealed = this.cipher.encrypt(jwk.toJSONString().getBytes(StandardCharsets.UTF_8),
				SealedRow.signingKey(jwk.getKeyID()));
		SigningKey key = new SigningKey(jwk.getKeyID(), this.algorithm.getName(), status,
				jwk.toPublicJWK().toJSONString(), sealed, now);
		if (status == SigningKeyStatus.ACTIVE) {
			key.activate(now);
		}
		return key;
	}

	private static SigningKey find(List<SigningKey> keys, String kid) {
		return keys.stream().filter(key -> key.getKid().equals(kid)).findFirst().orElseThrow();
	}

}
