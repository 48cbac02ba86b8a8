package dev.tessera.auth.encryption;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One server-side secret as stored: AES-GCM ciphertext under the KEK, its name as
 * associated data.
 */
@Entity
@Table(name = "server_secret")
public class ServerSecret {

	@Id
	private String name;

	@Column(nullable = false)
	private byte[] ciphertext;

	protected ServerSecret() {
	}

	public String getName() {
		return this.name;
	}

	public byte[] getCiphertext() {
		return this.ciphertext;
	}

	public void reencrypt(byte[] ciphertext) {
		this.ciphertext = ciphertext;
	}

}
