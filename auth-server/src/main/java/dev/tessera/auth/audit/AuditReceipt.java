package dev.tessera.auth.audit;

/**
 * What became of an event recorded with joined writes
 * ({@link dev.tessera.auth.audit.JoinedWrite}): the caller decides what to answer.
 */
public enum AuditReceipt {

	/** The event is committed, with every write it carried. */
	RECORDED,

	/**
	 * A write it carried changed no row: what is committed instead is the refusal that
	 * write's kind describes, so the caller must refuse its request.
	 */
	RECORDED_AS_REFUSAL;

	public boolean refused() {
		return this == RECORDED_AS_REFUSAL;
	}

}
