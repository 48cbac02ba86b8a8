package dev.tessera.auth.encryption;

/**
 * A stored ciphertext does not open under the configured key-encryption key. Start-up
 * stops with this message and changes nothing in the database.
 */
public class WrongKeyEncryptionKeyException extends IllegalStateException {

	WrongKeyEncryptionKeyException(String what, String kekSource) {
		super("The key-encryption key from " + kekSource + " does not decrypt '" + what + "'. "
				+ "The database was encrypted under a different key: start Tessera with the key it was "
				+ "created with. Nothing was changed.");
	}

}
