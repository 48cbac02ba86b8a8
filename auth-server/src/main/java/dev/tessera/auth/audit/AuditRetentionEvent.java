package dev.tessera.auth.audit;

/**
 * The names of the event a retention run records, which the verifier reads back: the
 * event is a chained row of its own, and its detail carries, under {@link #ANCHORS}, one
 * anchor per chain the run cut ({@code {"chainId": ..., "seq": <last removed seq>,
 * "hash": <that row's hash, base64>}}). Here, rather than with either side, so retention
 * and integrity need not know each other.
 */
public final class AuditRetentionEvent {

	/** The operation of the event that records a run. */
	public static final String OPERATION = "audit.retention";

	/** The system principal of that event. */
	public static final String PRINCIPAL = "retention";

	/** The detail key of the anchors: a list of {@code {chainId, seq, hash}}. */
	public static final String ANCHORS = "anchors";

	public static final String ANCHOR_CHAIN = "chainId";

	public static final String ANCHOR_SEQ = "seq";

	public static final String ANCHOR_HASH = "hash";

	private AuditRetentionEvent() {
	}

}
