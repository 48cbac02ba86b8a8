package dev.tessera.auth.admin;

/** The named admin resource does not exist (404). */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
