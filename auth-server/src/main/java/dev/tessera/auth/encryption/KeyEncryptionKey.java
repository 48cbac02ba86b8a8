package dev.tessera.auth.encryption;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.config.TesseraProperties;

/**
 * The key-encryption key (KEK): 256 bits that encrypt every private signing key and
 * server secret at rest. It comes from {@code TESSERA_KEYS_ENCRYPTION_KEY} (base64), from
 * a file ({@code TESSERA_KEYS_ENCRYPTION_KEY_FILE}, or a config tree mounted as
 * {@code /run/secrets}), and never from committed configuration. In development mode,
 * when none is given, one is generated under the data directory with owner-only rights.
 * During a KEK rotation the previous keys ({@code TESSERA_KEYS_PREVIOUS_ENCRYPTION_KEYS})
 * still decrypt, and {@code KekRotation} re-encrypts everything under the new one.
 */
public final class KeyEncryptionKey {

	private static final Logger log = LoggerFactory.getLogger(KeyEncryptionKey.class);

	private static final int KEY_BYTES = 32;

	private final SecretKey key;

	private final String source;

	private final List<SecretKey> previous;

	KeyEncryptionKey(byte[] key, String source) {
		this(key, source, List.of());
	}

	KeyEncryptionKey(byte[] key, String source, List<byte[]> previous) {
		if (key.length != KEY_BYTES) {
			throw new IllegalStateException("The key-encryption key from " + source + " must be 256 bits (32 bytes, "
					+ "base64-encoded), but it has " + key.length + " bytes");
		}
		this.key = new SecretKeySpec(key, "AES");
		this.source = source;
		this.previous = previous.stream().map(bytes -> {
			if (bytes.length != KEY_BYTES) {
				throw new IllegalStateException(
						"A previous key-encryption key must be 256 bits, but one has " + bytes.length + " bytes");
			}
			return (SecretKey) new SecretKeySpec(bytes, "AES");
		}).toList();
	}

	/** Reads the configured KEK, or (development mode only) the generated one. */
	public static KeyEncryptionKey load(TesseraProperties properties) {
		KeyEncryptionKey primary = loadPrimary(properties);
		List<byte[]> previous = properties.keys()
			.previousEncryptionKeys()
			.stream()
			.filter(value -> !value.isBlank())
			.map(value -> decode(value, "TESSERA_KEYS_PREVIOUS_ENCRYPTION_KEYS"))
			.toList();
		return previous.isEmpty() ? primary : new KeyEncryptionKey(primary.key.getEncoded(), primary.source, previous);
	}

	private static KeyEncryptionKey loadPrimary(TesseraProperties properties) {
		TesseraProperties.Keys keys = properties.keys();
		if (keys.encryptionKey() != null && !keys.encryptionKey().isBlank()) {
			return new KeyEncryptionKey(decode(keys.encryptionKey(), "TESSERA_KEYS_ENCRYPTION_KEY"),
					"TESSERA_KEYS_ENCRYPTION_KEY");
		}
		if (keys.encryptionKeyFile() != null && !keys.encryptionKeyFile().toString().isBlank()) {
			return fromFile(keys.encryptionKeyFile());
		}
		if (properties.isProduction()) {
			throw new IllegalStateException("Production mode needs a key-encryption key: set "
					+ "TESSERA_KEYS_ENCRYPTION_KEY or TESSERA_KEYS_ENCRYPTION_KEY_FILE");
		}
		return developmentKey(properties.dataDir().resolve("kek"));
	}

	private static KeyEncryptionKey fromFile(Path file) {
		try {
			String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
			return new KeyEncryptionKey(decode(text, file.toString()), file.toString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read the key-encryption key file " + file + ": " + ex.getMessage(),
					ex);
		}
	}

	private static KeyEncryptionKey developmentKey(Path file) {
		if (!Files.exists(file)) {
			byte[] fresh = new byte[KEY_BYTES];
			new SecureRandom().nextBytes(fresh);
			try {
				Files.createDirectories(file.toAbsolutePath().getParent());
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
				Files.writeString(file, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot write a development key-encryption key to " + file, ex);
			}
		}
		log.warn(
				"DEVELOPMENT KEY-ENCRYPTION KEY: signing keys are encrypted under {} (owner-only file). "
						+ "Set TESSERA_KEYS_ENCRYPTION_KEY or TESSERA_KEYS_ENCRYPTION_KEY_FILE in production.",
				file.toAbsolutePath());
		return fromFile(file);
	}

	private static byte[] decode(String base64, String source) {
		try {
			return Base64.getDecoder().decode(base64.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("The key-encryption key from " + source + " is not valid base64");
		}
	}

	SecretKey secretKey() {
		return this.key;
	}

	/** Keys that still decrypt during a KEK rotation; never used to encrypt. */
	List<SecretKey> previousKeys() {
		return this.previous;
	}

	/**
	 * Where the key came from (an environment variable's name or a file path), for
	 * messages.
	 */
	public String source() {
		return this.source;
	}

}
