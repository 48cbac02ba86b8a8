package dev.tessera.auth.admin;

/** The change clashes with what is stored, e.g. a name taken or a scope in use (409). */
public class ConflictException extends RuntimeException {

	public ConflictException(String message) {
		super(message);
	}

}
