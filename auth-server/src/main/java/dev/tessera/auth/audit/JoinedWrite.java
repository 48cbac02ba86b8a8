package dev.tessera.auth.audit;

import java.util.Objects;

/**
 * One write to commit in the transaction of an audit event: an item and the
 * {@link JoinedWriteKind} that applies it.
 *
 * @param <T> the feature's own description of the write
 */
public record JoinedWrite<T>(JoinedWriteKind<T> kind, T item) {

	public JoinedWrite {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(item, "item");
	}

}
