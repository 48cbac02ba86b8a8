package dev.tessera.auth.audit;

/**
 * The audit store could not durably record an event in time. Callers must not hand out
 * what the event would have recorded (no token without its audit row): the token endpoint
 * answers that it is temporarily unavailable, the admin API rolls back.
 */
public class AuditUnavailableException extends RuntimeException {

	public AuditUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
