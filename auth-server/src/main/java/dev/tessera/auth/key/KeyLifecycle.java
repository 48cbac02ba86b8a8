package dev.tessera.auth.key;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When signing keys change state, as plain rules over the stored keys and the time:
 *
 * <ul>
 * <li>a {@code NEXT} key is made {@code prepublish} before the active key's period ends,
 * so every JWKS cache holds it before it signs;</li>
 * <li>it becomes {@code ACTIVE} once the period has ended and it has been published for
 * {@code prepublish}; the old key becomes {@code RETIRING};</li>
 * <li>a {@code RETIRING} key stays published until every token it signed has expired and
 * caches have refreshed ({@code retireAfter}), then it is {@code RETIRED}.</li>
 * </ul>
 *
 * The plan is computed from the database state under a cluster-wide lock, so it is the
 * same on every node and never applied twice.
 */
public final class KeyLifecycle {

	private final Duration rotationPeriod;

	private final Duration prepublish;

	private final Duration retireAfter;

	/**
	 * @param retireAfter how long a replaced key stays published: the longest token
	 * lifetime, plus the JWKS cache lifetime, plus the nodes' refresh interval
	 */
	public KeyLifecycle(Duration rotationPeriod, Duration prepublish, Duration retireAfter) {
		if (prepublish.compareTo(rotationPeriod) >= 0) {
			throw new IllegalArgumentException("tessera.keys.prepublish (" + prepublish
					+ ") must be shorter than tessera.keys.rotation-period (" + rotationPeriod + ")");
		}
		this.rotationPeriod = rotationPeriod;
		this.prepublish = prepublish;
		this.retireAfter = retireAfter;
	}

	/** One change to make. */
	public sealed interface Step {

		/** Make a new key in this state. */
		record Create(SigningKeyStatus status) implements Step {
		}

		/** Start signing with this key; the current signer (if any) starts retiring. */
		record Activate(String kid) implements Step {
		}

		/** The key's window has passed: out of the JWKS, private part destroyed. */
		record Retire(String kid) implements Step {
		}

	}

	/** What the schedule asks for now. */
	public List<Step> scheduled(List<SigningKey> keys, Instant now) {
		List<Step> steps = new ArrayList<>();
		Optional<SigningKey> active = find(keys, SigningKeyStatus.ACTIVE);
		Optional<SigningKey> next = find(keys, SigningKeyStatus.NEXT);
		if (active.isEmpty()) {
			steps.add(next.<Step>map(key -> new Step.Activate(key.getKid()))
				.orElse(new Step.Create(SigningKeyStatus.ACTIVE)));
		}
		else {
			Instant rotateAt = rotationDue(active.get());
			if (next.isEmpty() && !now.isBefore(rotateAt.minus(this.prepublish))) {
				steps.add(new Step.Create(SigningKeyStatus.NEXT));
			}
			if (next.isPresent() && !now.isBefore(rotateAt)
					&& !now.isBefore(next.get().getCreatedAt().plus(this.prepublish))) {
				steps.add(new Step.Activate(next.get().getKid()));
			}
		}
		for (SigningKey key : keys) {
			if (key.getStatus() == SigningKeyStatus.RETIRING && key.getRetiresAt() != null
					&& !now.isBefore(key.getRetiresAt())) {
				steps.add(new Step.Retire(key.getKid()));
			}
		}
		return steps;
	}

	/**
	 * A rotation by hand: the pre-published key if there is one (caches already hold it),
	 * else a new key, signs from now on.
	 */
	public List<Step> immediate(List<SigningKey> keys) {
		return find(keys, SigningKeyStatus.NEXT).<List<Step>>map(next -> List.of(new Step.Activate(next.getKid())))
			.orElse(List.of(new Step.Create(SigningKeyStatus.ACTIVE)));
	}

	/** When the active key's period ends. */
	public Instant rotationDue(SigningKey active) {
		Instant since = (active.getActivatedAt() != null) ? active.getActivatedAt() : active.getCreatedAt();
		return since.plus(this.rotationPeriod);
	}

	public Instant retiresAt(Instant now) {
		return now.plus(this.retireAfter);
	}

	private static Optional<SigningKey> find(List<SigningKey> keys, SigningKeyStatus status) {
		return keys.stream().filter(key -> key.getStatus() == status).findFirst();
	}

}
