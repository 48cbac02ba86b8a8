package dev.tessera.auth.audit;

import java.util.Map;

/**
 * What became of an event recorded with joined writes
 * ({@link dev.tessera.auth.audit.JoinedWrite}): the caller decides what to answer, from
 * the refusal's own words when a write was refused (a replayed client assertion is
 * {@code invalid_client}, a replayed partner assertion {@code invalid_grant}).
 */
public final class AuditReceipt {

	/** The event is committed, with every write it carried. */
	public static final AuditReceipt RECORDED = new AuditReceipt(null);

	/**
	 * Nothing was stored: the writer shed an event whose outcome is not a success to keep
	 * the rest of its queue for successful operations (a flood of failures must not take
	 * their room in it). The caller goes on as if it were recorded: the request it
	 * describes failed anyway.
	 */
	public static final AuditReceipt SHED = new AuditReceipt(null);

	private final Map<String, Object> refusal;

	private AuditReceipt(Map<String, Object> refusal) {
		this.refusal = refusal;
	}

	/**
	 * A write the event carried changed no row: what is committed instead is this
	 * refusal, as that write's kind describes it ({@link JoinedWriteKind#refusal}), so
	 * the caller must refuse its request. The refusal is empty when that kind records no
	 * event for a refused write ({@link JoinedWriteKind#refusal} gave null): then nothing
	 * at all was committed for the event.
	 */
	public static AuditReceipt refusedAs(Map<String, Object> refusal) {
		return new AuditReceipt(Map.copyOf(refusal));
	}

	public boolean refused() {
		return this.refusal != null;
	}

	/** The recorded refusal's detail; empty unless {@link #refused()}. */
	public Map<String, Object> refusal() {
		return (this.refusal != null) ? this.refusal : Map.of();
	}

}
