package dev.tessera.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client secrets are server-generated 256-bit random values, so a keyed fast hash is
 * enough: HMAC-SHA-256 under a server-side pepper (itself stored encrypted under the KEK,
 * never in the database in clear). A slow password hash such as BCrypt would cost tens of
 * milliseconds per token request and protect nothing more here.
 */
public final class ClientSecretHasher {

	private final Mac prototype;

	public ClientSecretHasher(byte[] pepper) {
		try {
			this.prototype = Mac.getInstance("HmacSHA256");
			this.prototype.init(new SecretKeySpec(pepper, "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA-256 is not available", ex);
		}
	}

	public byte[] hash(String secret) {
		try {
			Mac mac = (Mac) this.prototype.clone();
			return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
