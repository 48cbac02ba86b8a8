package dev.tessera.samples.clientcredentials;

import java.io.IOException;
import java.util.Optional;

/**
 * The authorization server answered, but not with a usable token: an OAuth error response
 * (RFC 6749 §5.2) or a malformed success. It keeps the HTTP status and the {@code error}
 * code so a caller can tell a wrong secret ({@code invalid_client}) from a scope it may
 * not ask for ({@code invalid_scope}).
 */
public class TokenRequestException extends IOException {

	private final int status;

	private final String error;

	public TokenRequestException(int status, String error, String message) {
		super(message);
		this.status = status;
		this.error = error;
	}

	public int status() {
		return this.status;
	}

	/**
	 * @return the OAuth {@code error} code, when the server sent one
	 */
	public Optional<String> error() {
		return Optional.ofNullable(this.error);
	}

}
