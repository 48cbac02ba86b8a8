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

import dev.tessera.auth.admin.ConflictException;
import dev.tessera.auth.admin.NotFoundException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every change to the signing keys: the schedule ({@link KeyLifecycle}), a rotation by
 * hand, a revocation, and the start-up checks (a wrong KEK stops here before anything is
 * written; a KEK rotation re-encrypts). Each change runs in one transaction under a
 * PostgreSQL advisory lock, re-reading the keys after taking it, so when several nodes
 * share the database exactly one of them acts and the others find nothing left to do.
 */
public class KeyRotation {

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

	public KeyRotation(SigningKeyRepository repository, ServerSecretRepository serverSecrets, SigningKeys keys,
			KeyCipher cipher, KeyLifecycle lifecycle, JWSAlgorithm algorithm, TransactionTemplate transactions,
			ApplicationEventPublisher events, Clock clock) {
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

	/** At start: prove the KEK, finish a KEK rotation, make sure a key signs, load the set. */
	public void start() {
		change("startup", (live, now) -> {
			live.forEach(this.keys::decrypt); // a wrong KEK stops here, before anything is written
			List<KeyLifecycleEvent> done = new ArrayList<>();
			if (KekRotation.reencrypt(this.cipher, live, this.serverSecrets.findAll()) > 0) {
				done.add(new KeyLifecycleEvent("kek.reencrypt", null, "startup"));
			}
			done.addAll(apply(this.lifecycle.scheduled(live, now), live, now, "startup"));
			return done;
		});
	}

	/** The schedule, checked on every node; only the lock holder with work to do acts. */
	@Scheduled(initialDelayString = "${tessera.keys.check-interval:30s}",
			fixedDelayString = "${tessera.keys.check-interval:30s}")
	public void tick() {
		change("scheduler", (live, now) -> apply(this.lifecycle.scheduled(live, now), live, now, "scheduler"));
	}

	/** Rotates now: the pre-published key if any, else a new one, signs from now on. */
	public SigningKey rotateNow(String actor) {
		change(actor, (live, now) -> {
			List<KeyLifecycleEvent> done = new ArrayList<>(apply(this.lifecycle.immediate(live), live, now, actor));
			done.add(new KeyLifecycleEvent("key.rotate", find(live, SigningKeyStatus.ACTIVE).getKid(), actor));
			return done;
		});
		return this.repository.findByStatusIn(List.of(SigningKeyStatus.ACTIVE)).get(0);
	}

	/**
	 * Takes a key out of the JWKS at once; tokens it signed stop verifying. A revoked
	 * signing key is replaced immediately.
	 */
	public SigningKey revoke(String kid, String actor) {
		change(actor, (live, now) -> {
			SigningKey key = this.repository.findById(kid)
				.orElseThrow(() -> new NotFoundException("No signing key '" + kid + "'"));
			if (!key.getStatus().isPublished()) {
				throw new ConflictException("Signing key '" + kid + "' is already " + key.getStatus());
			}
			boolean wasSigning = key.getStatus() == SigningKeyStatus.ACTIVE;
			key.revoke(now);
			this.repository.saveAndFlush(key);
			List<KeyLifecycleEvent> done = new ArrayList<>();
			done.add(new KeyLifecycleEvent("key.revoke", kid, actor));
			if (wasSigning) {
				List<SigningKey> remaining = new ArrayList<>(live.stream().filter(other -> !other.getKid().equals(kid)).toList());
				done.addAll(apply(this.lifecycle.immediate(remaining), remaining, now, actor));
			}
			return done;
		});
		return this.repository.findById(kid).orElseThrow();
	}

	public List<SigningKey> list() {
		return this.repository.findAll(org.springframework.data.domain.Sort.by("createdAt"));
	}

	private void change(String actor, BiFunction<List<SigningKey>, Instant, List<KeyLifecycleEvent>> work) {
		List<KeyLifecycleEvent> done = this.transactions.execute(status -> {
			this.repository.lockKeySetForChange();
			List<SigningKey> live = this.repository.findByStatusIn(SigningKeys.LIVE);
			return work.apply(new ArrayList<>(live), this.clock.instant());
		});
		if (done != null && !done.isEmpty()) {
			this.keys.refresh();
			done.forEach(event -> {
				log.info("Signing keys: {} {} by {}", event.operation(), (event.kid() != null) ? event.kid() : "",
						event.actor());
				this.events.publishEvent(event);
			});
		}
		else if (actor.equals("startup")) {
			this.keys.refresh();
		}
	}

	private List<KeyLifecycleEvent> apply(List<KeyLifecycle.Step> steps, List<SigningKey> live, Instant now,
			String actor) {
		List<KeyLifecycleEvent> done = new ArrayList<>();
		for (KeyLifecycle.Step step : steps) {
			if (step instanceof KeyLifecycle.Step.Create create) {
				if (create.status() == SigningKeyStatus.ACTIVE) {
					retireActive(live, now, actor, done);
				}
				SigningKey key = newKey(create.status(), now);
				this.repository.saveAndFlush(key);
				live.add(key);
				done.add(new KeyLifecycleEvent("key.create", key.getKid(), actor));
				if (create.status() == SigningKeyStatus.ACTIVE) {
					done.add(new KeyLifecycleEvent("key.activate", key.getKid(), actor));
				}
			}
			else if (step instanceof KeyLifecycle.Step.Activate activate) {
				retireActive(live, now, actor, done);
				SigningKey key = find(live, activate.kid());
				key.activate(now);
				this.repository.saveAndFlush(key);
				done.add(new KeyLifecycleEvent("key.activate", key.getKid(), actor));
			}
			else if (step instanceof KeyLifecycle.Step.Retire retire) {
				SigningKey key = find(live, retire.kid());
				key.retire(now);
				this.repository.saveAndFlush(key);
				done.add(new KeyLifecycleEvent("key.retired", key.getKid(), actor));
			}
		}
		return done;
	}

	/** The current signer starts retiring; flushed first, since only one key may be ACTIVE. */
	private void retireActive(List<SigningKey> live, Instant now, String actor, List<KeyLifecycleEvent> done) {
		for (SigningKey key : live) {
			if (key.getStatus() == SigningKeyStatus.ACTIVE) {
				key.startRetiring(this.lifecycle.retiresAt(now));
				this.repository.saveAndFlush(key);
				done.add(new KeyLifecycleEvent("key.retire", key.getKid(), actor));
			}
		}
	}

	private SigningKey newKey(SigningKeyStatus status, Instant now) {
		JWK jwk = SigningKeyGenerator.generate(this.algorithm);
		byte[] sealed = this.cipher.encrypt(jwk.toJSONString().getBytes(StandardCharsets.UTF_8), jwk.getKeyID());
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

	private static SigningKey find(List<SigningKey> keys, SigningKeyStatus status) {
		return keys.stream().filter(key -> key.getStatus() == status).findFirst().orElseThrow();
	}

}
