package dev.tessera.auth.key;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The signing keys every node shares through the database. At start it makes sure one
 * key is {@code ACTIVE} (creating it under a cluster-wide lock if the table is empty)
 * and proves the key-encryption key opens every stored private key; afterwards it
 * re-reads the table on a short interval so that all nodes publish and sign with the
 * same keys. Readers get an immutable {@link KeySnapshot}: no lock or query on the
 * token path.
 */
public class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	private static final EnumSet<SigningKeyStatus> LIVE = EnumSet.of(SigningKeyStatus.NEXT, SigningKeyStatus.ACTIVE,
			SigningKeyStatus.RETIRING);

	private final SigningKeyRepository repository;

	private final KeyCipher cipher;

	private final TransactionTemplate transactions;

	private final JWSAlgorithm algorithm;

	private final Clock clock;

	/** Private JWKs already decrypted, by kid, so a refresh decrypts only new keys. */
	private final Map<String, JWK> decrypted = new ConcurrentHashMap<>();

	private volatile KeySnapshot snapshot;

	public SigningKeys(SigningKeyRepository repository, KeyCipher cipher, TransactionTemplate transactions,
			JWSAlgorithm algorithm, Clock clock) {
		this.repository = repository;
		this.cipher = cipher;
		this.transactions = transactions;
		this.algorithm = algorithm;
		this.clock = clock;
	}

	/** Called once at start: ensure an active key, then load the set. */
	public void initialize() {
		this.transactions.executeWithoutResult(status -> {
			this.repository.lockKeySetForChange();
			List<SigningKey> live = this.repository.findByStatusIn(LIVE);
			live.forEach(this::decrypt); // a wrong KEK stops here, before anything is written
			if (live.stream().noneMatch(key -> key.getStatus() == SigningKeyStatus.ACTIVE)) {
				SigningKey created = newKey(SigningKeyStatus.ACTIVE);
				this.repository.save(created);
				log.info("Created signing key {} ({})", created.getKid(), created.getAlg());
			}
		});
		refresh();
	}

	/** Re-reads the key table; other nodes' changes arrive within the refresh interval. */
	@Scheduled(initialDelayString = "${tessera.keys.refresh-interval:10s}",
			fixedDelayString = "${tessera.keys.refresh-interval:10s}")
	public void refresh() {
		List<SigningKey> live = this.repository.findByStatusIn(LIVE);
		JWK signing = null;
		List<JWK> published = new ArrayList<>();
		for (SigningKey key : live) {
			published.add(parse(key.getPublicJwk()));
			if (key.getStatus() == SigningKeyStatus.ACTIVE) {
				signing = decrypt(key);
			}
		}
		if (signing == null) {
			log.error("No ACTIVE signing key in the database; keeping the previous key set");
			return;
		}
		this.decrypted.keySet().retainAll(live.stream().map(SigningKey::getKid).toList());
		this.snapshot = new KeySnapshot(signing, List.copyOf(published));
	}

	public KeySnapshot current() {
		KeySnapshot current = this.snapshot;
		if (current == null) {
			throw new IllegalStateException("Signing keys are not loaded yet");
		}
		return current;
	}

	private SigningKey newKey(SigningKeyStatus status) {
		JWK jwk = SigningKeyGenerator.generate(this.algorithm);
		byte[] sealed = this.cipher.encrypt(jwk.toJSONString().getBytes(StandardCharsets.UTF_8), jwk.getKeyID());
		SigningKey key = new SigningKey(jwk.getKeyID(), this.algorithm.getName(), status,
				jwk.toPublicJWK().toJSONString(), sealed, this.clock.instant());
		if (status == SigningKeyStatus.ACTIVE) {
			key.activate(this.clock.instant());
		}
		return key;
	}

	private JWK decrypt(SigningKey key) {
		return this.decrypted.computeIfAbsent(key.getKid(),
				kid -> parse(new String(this.cipher.decrypt(key.getPrivateKeyCipher(), kid), StandardCharsets.UTF_8)));
	}

	private static JWK parse(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored signing key is not a valid JWK", ex);
		}
	}

}
