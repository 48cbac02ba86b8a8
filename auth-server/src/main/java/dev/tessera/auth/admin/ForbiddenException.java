package dev.tessera.auth.admin;

/**
 * The caller may use this area but not on this resource, e.g. changing a client that
 * holds admin scopes the caller does not hold itself (403).
 */
public class ForbiddenException extends RuntimeException {

	public ForbiddenException(String message) {
		super(message);
	}

}
