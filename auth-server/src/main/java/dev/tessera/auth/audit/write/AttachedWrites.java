package dev.tessera.auth.audit.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@link AuditedWrite}s of a group-commit batch inside its transaction, before
 * its events: one JDBC batch per statement, so a batch of {@code private_key_jwt} tokens
 * adds one round trip, not one per token. Writes are ordered by statement and
 * parameters, so two nodes taking the same rows lock them in the same order and cannot
 * deadlock; of two uses of one assertion in a batch, the second finds the first's row.
 * Each write must report exactly one changed row to count as applied; none means
 * refused; any other count (a driver that cannot tell) fails the batch, which the writer
 * then retries event by event.
 */
final class AttachedWrites {

	private static final Comparator<Attached> ORDER = Comparator.comparing(Attached::key);

	private AttachedWrites() {
	}

	/**
	 * @param writesPerEvent the attached writes of each event of the batch, in batch order
	 * @return for each event (by index) whose write changed no row, the first such write
	 * @throws SQLException if a statement fails or a count is not 0 or 1
	 */
	static Map<Integer, AuditedWrite> apply(Connection connection, List<List<AuditedWrite>> writesPerEvent)
			throws SQLException {
		List<Attached> all = new ArrayList<>();
		for (int event = 0; event < writesPerEvent.size(); event++) {
			for (AuditedWrite write : writesPerEvent.get(event)) {
				all.add(new Attached(event, write, write.sql() + '\n' + write.parameters()));
			}
		}
		if (all.isEmpty()) {
			return Map.of();
		}
		all.sort(ORDER);
		Map<String, List<Attached>> bySql = new LinkedHashMap<>();
		for (Attached attached : all) {
			bySql.computeIfAbsent(attached.write().sql(), sql -> new ArrayList<>()).add(attached);
		}
		Map<Integer, AuditedWrite> refusals = new HashMap<>();
		for (Map.Entry<String, List<Attached>> statement : bySql.entrySet()) {
			List<Attached> writes = statement.getValue();
			int[] counts = execute(connection, statement.getKey(), writes);
			for (int i = 0; i < writes.size(); i++) {
				if (counts[i] == 0) {
					refusals.putIfAbsent(writes.get(i).event(), writes.get(i).write());
				}
				else if (counts[i] != 1) {
					throw new SQLException("An attached write reported " + counts[i] + " changed rows, not 0 or 1: "
							+ statement.getKey());
				}
			}
		}
		return refusals;
	}

	private static int[] execute(Connection connection, String sql, List<Attached> writes) throws SQLException {
		try (PreparedStatement prepared = connection.prepareStatement(sql)) {
			for (Attached attached : writes) {
				List<Object> parameters = attached.write().parameters();
				for (int i = 0; i < parameters.size(); i++) {
					prepared.setObject(i + 1, parameters.get(i));
				}
				if (writes.size() == 1) {
					return new int[] { prepared.executeUpdate() }; // an exact count, whatever the driver's batching
				}
				prepared.addBatch();
			}
			return prepared.executeBatch();
		}
	}

	/** @param key the sort key, built once: statement, then parameters */
	private record Attached(int event, AuditedWrite write, String key) {
	}

}
