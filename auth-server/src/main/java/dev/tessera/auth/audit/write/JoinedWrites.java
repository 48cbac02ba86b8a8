package dev.tessera.auth.audit.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.auth.audit.JoinedWrite;
import dev.tessera.auth.audit.JoinedWriteKind;

/**
 * Applies the {@link JoinedWrite}s of a group-commit batch inside its transaction, before
 * its events: one JDBC batch per {@link JoinedWriteKind}, so a batch of
 * {@code private_key_jwt} tokens adds one round trip, not one per token. Kinds go in the
 * order of their names and items in their kind's order, so two nodes taking the same rows
 * lock them in the same order and cannot deadlock; of two uses of one assertion in a
 * batch, the second finds the first's row. Each write must report exactly one changed row
 * to count as applied; none means refused; any other count (a driver that cannot tell)
 * fails the batch, which the writer then retries event by event.
 */
final class JoinedWrites {

	/**
	 * Stands for a refused write whose kind records no event for it
	 * ({@link JoinedWriteKind#refusal} gave null): compared by identity.
	 */
	static final Map<String, Object> NOT_RECORDED = java.util.Collections.unmodifiableMap(new HashMap<>());

	private JoinedWrites() {
	}

	/**
	 * @param writesPerEvent the joined writes of each event of the batch, in batch order
	 * @return for each event (by index) one of whose writes changed no row, the refusal
	 * the first such write's kind describes (kinds are applied in name order, and an
	 * event's writes of later kinds are skipped once one of its writes was refused), or
	 * {@link #NOT_RECORDED} when that kind records no event for it
	 * @throws SQLException if a statement fails or a count is not 0 or 1
	 */
	static Map<Integer, Map<String, Object>> apply(Connection connection, List<List<JoinedWrite<?>>> writesPerEvent)
			throws SQLException {
		Map<JoinedWriteKind<?>, List<Joined>> byKind = new IdentityHashMap<>();
		for (int event = 0; event < writesPerEvent.size(); event++) {
			for (JoinedWrite<?> write : writesPerEvent.get(event)) {
				byKind.computeIfAbsent(write.kind(), kind -> new ArrayList<>()).add(new Joined(event, write));
			}
		}
		if (byKind.isEmpty()) {
			return Map.of();
		}
		List<JoinedWriteKind<?>> kinds = new ArrayList<>(byKind.keySet());
		kinds.sort(Comparator.comparing(JoinedWriteKind::name));
		Map<Integer, Map<String, Object>> refusals = new HashMap<>();
		for (JoinedWriteKind<?> kind : kinds) {
			applyKind(connection, kind, byKind.get(kind), refusals);
		}
		return refusals;
	}

	@SuppressWarnings("unchecked") // grouped by kind above: each item is of its kind's
									// type
	private static <T> void applyKind(Connection connection, JoinedWriteKind<T> kind, List<Joined> joined,
			Map<Integer, Map<String, Object>> refusals) throws SQLException {
		joined.removeIf((j) -> refusals.containsKey(j.event())); // refused by an earlier
																	// kind: its other
																	// writes are void
		if (joined.isEmpty()) {
			return;
		}
		Comparator<T> order = kind.order();
		joined.sort((a, b) -> order.compare((T) a.write().item(), (T) b.write().item()));
		List<T> items = joined.stream().map(j -> (T) j.write().item()).toList();
		int[] counts = kind.apply(connection, items);
		if (counts.length != items.size()) {
			throw new SQLException("Joined writes of kind " + kind.name() + " reported " + counts.length
					+ " counts for " + items.size() + " writes");
		}
		for (int i = 0; i < items.size(); i++) {
			if (counts[i] == 0) {
				Map<String, Object> refusal = kind.refusal(items.get(i));
				refusals.putIfAbsent(joined.get(i).event(), (refusal != null) ? refusal : NOT_RECORDED);
			}
			else if (counts[i] != 1) {
				throw new SQLException("A joined write of kind " + kind.name() + " reported " + counts[i]
						+ " changed rows, not 0 or 1");
			}
		}
	}

	private record Joined(int event, JoinedWrite<?> write) {
	}

}
