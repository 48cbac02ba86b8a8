package dev.tessera.auth.token;

import java.util.List;
import java.util.Map;

import dev.tessera.auth.audit.JoinedWrite;

/**
 * What a grant adds to the audit event of its token request, so the protocol handlers
 * record every grant the same way without knowing any: detail of its own (for the
 * JWT-bearer grant, the partner issuer and the subject) and writes that must commit with
 * the event (the partner assertion's single use). Carried by the issued token's
 * authentication as its details, or by the grant's refusal (an
 * {@code OAuth2AuthenticationException} implementing it).
 */
public interface GrantAuditDetail {

	/** Audit detail to add to the event: never a token, an assertion or a secret. */
	Map<String, Object> auditDetail();

	/** Writes to commit in the event's transaction; none unless the grant needs any. */
	default List<JoinedWrite<?>> joinedWrites() {
		return List.of();
	}

}
