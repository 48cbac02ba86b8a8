package dev.tessera.auth.audit.rollup;

import java.util.Objects;

/**
 * What the rollups count, in the words of the feature that records the events: which
 * operation's successful events are issued tokens, which detail key holds a token's
 * granted scopes (space-separated), and which holds an event's error code. The audit
 * trail knows no protocol, so the feature that does gives it this rule as a bean.
 *
 * @param tokenOperation the operation whose successful events each stand for one issued
 * token (their principal is the client that got it)
 * @param scopeKey the detail key of a token's granted scopes, space-separated
 * @param errorKey the detail key of an event's error code
 */
public record AuditRollupRule(String tokenOperation, String scopeKey, String errorKey) {

	public AuditRollupRule {
		Objects.requireNonNull(tokenOperation, "tokenOperation");
		Objects.requireNonNull(scopeKey, "scopeKey");
		Objects.requireNonNull(errorKey, "errorKey");
	}

}
