package dev.tessera.auth.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A kind of write that a feature needs committed in the same transaction as the audit
 * event of the request that made it, for instance marking a client assertion as used.
 * Riding with the event, it costs no commit of its own: the audit writer applies the
 * items of one kind from a whole group-commit batch as one JDBC batch, ahead of the
 * events. Each item must change exactly one row when it is allowed and none when it is
 * refused; the event of a refused item is recorded as that refusal, in the words the
 * feature gives ({@link #refusal}), and its caller learns it from the
 * {@link dev.tessera.auth.audit.AuditReceipt}. Any other row count fails the batch, which
 * the writer then retries event by event. The audit package knows neither the statement
 * nor what a refusal means to the caller.
 *
 * @param <T> the feature's own description of one write
 */
public interface JoinedWriteKind<T> {

	/**
	 * Names the kind, in logs; kinds are applied in the order of their names, so two
	 * nodes lock rows of several kinds in the same order.
	 */
	String name();

	/**
	 * The order items are applied in: total, and the same on every node, so that two
	 * nodes taking the same rows lock them in the same order and cannot deadlock.
	 */
	Comparator<T> order();

	/**
	 * Applies the items, in the order given, as one JDBC batch on the connection (whose
	 * transaction the caller owns).
	 * @return for each item, the number of rows it changed, as the driver reports it
	 * exactly (a driver that merges a batch and cannot tell must not be trusted with it)
	 */
	int[] apply(Connection connection, List<T> items) throws SQLException;

	/**
	 * The audit detail recorded in place of the event's own when the item changed no row;
	 * or null when nothing is to be recorded for it at all: for a write that is the
	 * event's only reason to exist, such as a certificate expiry warning that another
	 * node has given already (the caller's receipt is then refused with no detail).
	 */
	Map<String, Object> refusal(T item);

	/**
	 * Runs one statement per item as a JDBC batch and returns the row count of each, as
	 * {@link #apply} must: a lone item is executed on its own, so its count is exact
	 * whatever the driver's batch rewriting does. For kinds whose write is one
	 * parameterised statement.
	 * @param parameters the statement's parameters for an item, in order
	 */
	static <T> int[] executeEach(Connection connection, String sql, List<T> items, Function<T, Object[]> parameters)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (T item : items) {
				Object[] values = parameters.apply(item);
				for (int i = 0; i < values.length; i++) {
					statement.setObject(i + 1, values[i]);
				}
				if (items.size() == 1) {
					return new int[] { statement.executeUpdate() };
				}
				statement.addBatch();
			}
			return statement.executeBatch();
		}
	}

	/** One write of this kind, to hand to the audit trail with its event. */
	default JoinedWrite<T> of(T item) {
		return new JoinedWrite<>(this, item);
	}

}
