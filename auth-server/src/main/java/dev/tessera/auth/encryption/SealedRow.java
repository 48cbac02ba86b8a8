package dev.tessera.auth.encryption;

/**
 * What a ciphertext under the KEK belongs to: the table and the row's id. It is the
 * AES-GCM associated data, so a ciphertext opens only in the row it was written for: a
 * private key moved to another key's row, or into a server secret of the same name, does
 * not decrypt.
 *
 * @param table the table that holds the ciphertext
 * @param id the row's id within it (a kid, a secret's name)
 */
public record SealedRow(String table, String id) {

	public static SealedRow signingKey(String kid) {
		return new SealedRow("signing_key", kid);
	}

	public static SealedRow serverSecret(String name) {
		return new SealedRow("server_secret", name);
	}

	/**
	 * The associated data: {@code table:id}; table names hold no colon, so it is
	 * unambiguous.
	 */
	String associatedData() {
		return this.table + ":" + this.id;
	}

	@Override
	public String toString() {
		return this.table + "/" + this.id;
	}

}
