package dev.tessera.auth.key;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.JWK;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.encryption.KeyCipher;
import dev.tessera.auth.encryption.SealedRow;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * The signing keys as this node sees them: an immutable {@link KeySnapshot} re-read from
 * the database on a short interval (and at once after a change made here), so every node
 * publishes and signs with the same keys within seconds and the token path takes no lock
 * and runs no query. Changes to the key set are {@link KeyRotation}'s.
 */
public class SigningKeys {

	private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

	static final EnumSet<SigningKeyStatus> LIVE = EnumSet.of(SigningKeyStatus.NEXT, SigningKeyStatus.ACTIVE,
			SigningKeyStatus.RETIRING);

	private final SigningKeyRepository repository;

	private final KeyCipher cipher;

	/** Private JWKs already decrypted, by kid, so a refresh decrypts only new keys. */
	private final Map<String, JWK> decrypted = new ConcurrentHashMap<>();

	private volatile KeySnapshot snapshot;

	public SigningKeys(SigningKeyRepository repository, KeyCipher cipher) {
		this.repository = repository;
		this.cipher = cipher;
	}

	/**
	 * Re-reads the key table; other nodes' changes arrive within the refresh interval.
	 */
	@Scheduled(initialDelayString = "${tessera.keys.refresh-interval:10s}",
			fixedDelayString = "${tessera.keys.refresh-interval:10s}")
	public void refresh() {
		List<SigningKey> live = this.repository.findByStatusIn(LIVE);
		SigningKey signing = null;
		List<JWK> published = new ArrayList<>();
		for (SigningKey key : live) {
			published.add(parse(key.getPublicJwk()));
			if (key.getStatus() == SigningKeyStatus.ACTIVE) {
				signing = key;
			}
		}
		if (signing == null) {
			log.error("No ACTIVE signing key in the database; keeping the previous key set");
			return;
		}
		this.decrypted.keySet().retainAll(live.stream().map(SigningKey::getKid).toList());
		this.snapshot = KeySnapshot.of(decrypt(signing), signing.getActivatedAt(), published);
	}

	public KeySnapshot current() {
		KeySnapshot current = this.snapshot;
		if (current == null) {
			throw new IllegalStateException("Signing keys are not loaded yet");
		}
		return current;
	}

	/** Opens a stored private key (and remembers it); fails clearly under a wrong KEK. */
	JWK decrypt(SigningKey key) {
		return this.decrypted.computeIfAbsent(key.getKid(),
				kid -> parse(new String(this.cipher.decrypt(key.getPrivateKeyCipher(), SealedRow.signingKey(kid)),
						StandardCharsets.UTF_8)));
	}

	static JWK parse(String json) {
		try {
			return JWK.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("A stored signing key is not a valid JWK", ex);
		}
	}

}
