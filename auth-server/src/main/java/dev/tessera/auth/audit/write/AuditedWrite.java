package dev.tessera.auth.audit.write;

import java.util.List;
import java.util.Map;

/**
 * A one-row statement that belongs in the same transaction as the audit event of the
 * request that made it, for instance marking a client assertion as used. Riding with the
 * event, it costs no commit of its own: a token request stays one batched write. If the
 * statement changes no row, the request is refused: the event is recorded as that
 * refusal, with {@code refusal} as its detail, and the caller gets an
 * {@link AuditedWriteRefusedException} instead of its answer. Writes are independent:
 * a request with several keeps those that applied even when one is refused.
 *
 * @param sql an insert or update that changes exactly one row when it is allowed
 * @param parameters its bind values, in order
 * @param refusal the audit detail of a refusal; its {@code error} is the OAuth error code
 */
public record AuditedWrite(String sql, List<Object> parameters, Map<String, Object> refusal) {

	public AuditedWrite {
		parameters = List.copyOf(parameters);
		refusal = Map.copyOf(refusal);
	}

	/** The OAuth error code the refused request is answered with. */
	public String error() {
		return String.valueOf(this.refusal.get("error"));
	}

}
