package dev.tessera.auth.egress;

/**
 * An outbound call refused by the egress rules or failed on the way: the message says
 * what went wrong in words an operator can act on, and never carries a response body, a
 * credential or a token. Callers on the token path turn it into {@code invalid_client}
 * (or {@code invalid_grant}), never a 500.
 */
public class EgressException extends RuntimeException {

	public EgressException(String message) {
		super(message);
	}

	public EgressException(String message, Throwable cause) {
		super(message, cause);
	}

}
