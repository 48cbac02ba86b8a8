package dev.tessera.auth.audit.write;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.JoinedWriteKind;
import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The joined writes of one group-commit batch, on PostgreSQL with the driver settings the
 * server runs with ({@code reWriteBatchedInserts}): one batch per kind, kinds in the
 * order of their names and items in their kind's order whatever order the events came in;
 * exactly the items that changed no row are refused, each with its kind's refusal, and a
 * kind whose row counts the driver cannot tell fails the batch rather than counting as
 * applied.
 */
@TesseraServerTest
class JoinedWritesTest {

	@Autowired
	DataSource dataSource;

	@Test
	void refusesExactlyTheItemsThatChangedNoRow() throws Exception {
		try (Connection connection = transaction()) {
			try {
				Kind kind = new Kind("a", Kind.INSERT_SELECT);
				assertThat(JoinedWrites.apply(connection, List.of(List.of(kind.of("used"))))).isEmpty();

				Map<Integer, Map<String, Object>> refusals = JoinedWrites.apply(connection,
						List.of(List.of(kind.of("fresh")), List.of(kind.of("used")), List.of(kind.of("twice")),
								List.of(), List.of(kind.of("twice")), List.of(kind.of("other"))));

				assertThat(refusals).containsOnlyKeys(1, 4);
				assertThat(refusals.get(1)).containsEntry("refused", "used");
				assertThat(refusals.get(4)).containsEntry("refused", "twice");
			}
			finally {
				connection.rollback();
			}
		}
	}

	@Test
	void aKindWithoutRefusalDetailRecordsNoEventForARefusedItem() throws Exception {
		try (Connection connection = transaction()) {
			try {
				Kind silent = new Kind("silent", Kind.INSERT_SELECT) {
					@Override
					public Map<String, Object> refusal(String item) {
						return null;
					}
				};
				Map<Integer, Map<String, Object>> refusals = JoinedWrites.apply(connection,
						List.of(List.of(silent.of("once")), List.of(silent.of("once"))));

				assertThat(refusals).containsOnlyKeys(1);
				assertThat(refusals.get(1)).isSameAs(JoinedWrites.NOT_RECORDED);
			}
			finally {
				connection.rollback();
			}
		}
	}

	@Test
	void oneBatchPerKindKindsByNameItemsInTheirOrder() throws Exception {
		try (Connection connection = transaction()) {
			try {
				Kind second = new Kind("b", Kind.INSERT_SELECT);
				Kind first = new Kind("a", Kind.INSERT_SELECT);
				List<String> calls = new ArrayList<>();
				first.calls = calls;
				second.calls = calls;

				JoinedWrites.apply(connection, List.of(List.of(second.of("b3"), first.of("a2")),
						List.of(first.of("a1"), second.of("b1")), List.of(second.of("b2"))));

				assertThat(calls).containsExactly("a:[a1, a2]", "b:[b1, b2, b3]");
			}
			finally {
				connection.rollback();
			}
		}
	}

	@Test
	void aBatchWhoseCountsAreUnknownFails() throws Exception {
		// a plain multi-row insert: the driver rewrites the batch and reports no per-row
		// counts
		try (Connection connection = transaction()) {
			try {
				Kind plain = new Kind("plain", "insert into joined_write_test (k) values (?)");
				assertThatThrownBy(
						() -> JoinedWrites.apply(connection, List.of(List.of(plain.of("1")), List.of(plain.of("2")))))
					.isInstanceOf(SQLException.class)
					.hasMessageContaining("not 0 or 1");
			}
			finally {
				connection.rollback();
			}
		}
	}

	Connection transaction() throws SQLException {
		Connection connection = this.dataSource.getConnection();
		connection.setAutoCommit(false);
		try (Statement statement = connection.createStatement()) {
			statement.execute("create temporary table joined_write_test (k text primary key) on commit drop");
		}
		return connection;
	}

	/** A kind over a scratch table: each item a key inserted once. */
	static class Kind implements JoinedWriteKind<String> {

		static final String INSERT_SELECT = "insert into joined_write_test (k) select ? on conflict do nothing";

		final String name;

		final String sql;

		List<String> calls = new ArrayList<>();

		Kind(String name, String sql) {
			this.name = name;
			this.sql = sql;
		}

		@Override
		public String name() {
			return this.name;
		}

		@Override
		public Comparator<String> order() {
			return Comparator.naturalOrder();
		}

		@Override
		public int[] apply(Connection connection, List<String> items) throws SQLException {
			this.calls.add(this.name + ":" + items);
			try (PreparedStatement statement = connection.prepareStatement(this.sql)) {
				for (String item : items) {
					statement.setString(1, item);
					if (items.size() == 1) {
						return new int[] { statement.executeUpdate() };
					}
					statement.addBatch();
				}
				return statement.executeBatch();
			}
		}

		@Override
		public Map<String, Object> refusal(String item) {
			return Map.of("refused", item);
		}

	}

}
