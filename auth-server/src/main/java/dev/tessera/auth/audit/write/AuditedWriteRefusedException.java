package dev.tessera.auth.audit.write;

/**
 * An {@link AuditedWrite} changed no row (an assertion already used, say): its refusal
 * is what was recorded, and the request must be answered with its error.
 */
public class AuditedWriteRefusedException extends RuntimeException {

	private final transient AuditedWrite write;

	public AuditedWriteRefusedException(AuditedWrite write) {
		super("Refused: " + write.refusal());
		this.write = write;
	}

	/** The write that changed no row, with the refusal that was recorded. */
	public AuditedWrite write() {
		return this.write;
	}

}
