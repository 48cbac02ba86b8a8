package dev.tessera.auth.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.partition.AuditPartitionCatalog;
import dev.tessera.auth.audit.partition.AuditPartitionRange;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Months of the partitioned trail for tests: the month partitions before the current one
 * (which only the owner role may create: the server creates months ahead, never behind),
 * and chains of rows stamped in those months, hashed with a given chain key and inserted
 * as the runtime role (which may insert rows of any time into a month that exists), as a
 * node that ran then would have written them.
 */
public final class AuditMonths {

	private final JdbcTemplate owner;

	private final JdbcTemplate runtime;

	private final AuditHashChain hashes;

	public AuditMonths(String databaseUrl, JdbcTemplate runtime, AuditHashChain hashes) {
		this.owner = new JdbcTemplate(new DriverManagerDataSource(databaseUrl, TestDatabase.get().ownerUsername(),
				TestDatabase.get().ownerPassword()));
		this.runtime = runtime;
		this.hashes = hashes;
	}

	/** The first instant of the month {@code offset} months from the current one, UTC. */
	public static Instant month(int offset) {
		return LocalDateTime.now(ZoneOffset.UTC)
			.withDayOfMonth(1)
			.truncatedTo(ChronoUnit.DAYS)
			.plusMonths(offset)
			.toInstant(ZoneOffset.UTC);
	}

	/** The name of that month's partition. */
	public static String partition(int offset) {
		OffsetDateTime start = month(offset).atOffset(ZoneOffset.UTC);
		return String.format("audit_event_y%04dm%02d", start.getYear(), start.getMonthValue());
	}

	/** Creates the partitions of these months (as the owner; existing ones stay). */
	public AuditMonths create(int fromOffset, int toOffset) {
		for (int offset = fromOffset; offset <= toOffset; offset++) {
			this.owner.queryForObject("select audit_event_add_partition(?::timestamp)", Boolean.class,
					LocalDateTime.ofInstant(month(offset), ZoneOffset.UTC));
		}
		return this;
	}

	/**
	 * Drops, as the owner, every partition that ends at or before month {@code offset}: a
	 * clean start for a test that runs retention in a database other tests of its class
	 * used.
	 */
	public void dropBefore(int offset) {
		Instant before = month(offset);
		for (AuditPartitionRange partition : AuditPartitionCatalog.partitions(this.owner)) {
			if (!partition.to().isAfter(before)) {
				this.owner.update("drop table " + partition.name());
			}
		}
	}

	public JdbcTemplate owner() {
		return this.owner;
	}

	/** A new chain (a node of that time), from genesis. */
	public Chain chain() {
		return chain(UUID.randomUUID());
	}

	/** A new chain with this id, from genesis. */
	public Chain chain(UUID id) {
		return new Chain(id, 0, AuditHashChain.GENESIS);
	}

	/**
	 * A chain whose rows up to {@code lastSeq} (hash {@code lastHash}) are gone already,
	 * as an earlier retention run left it.
	 */
	public Chain chainAfter(long lastSeq, byte[] lastHash) {
		return new Chain(UUID.randomUUID(), lastSeq, lastHash);
	}

	/** Inserts one row as stored, hash included. */
	public void insert(AuditRow row) {
		this.runtime.update(AuditEventTable.INSERT, statement -> AuditEventTable.bindInsert(statement, row));
	}

	/** One keyed chain, written row by row at the instants given. */
	public final class Chain {

		private final UUID id;

		private final List<AuditRow> rows = new ArrayList<>();

		private final long before;

		private byte[] previous;

		Chain(UUID id, long before, byte[] previous) {
			this.id = id;
			this.before = before;
			this.previous = previous;
		}

		public UUID id() {
			return this.id;
		}

		public List<AuditRow> rows() {
			return List.copyOf(this.rows);
		}

		/** The row with this seq. */
		public AuditRow seq(long seq) {
			return this.rows.get((int) (seq - this.before) - 1);
		}

		/** {@code count} rows a second apart from {@code from}. */
		public Chain add(Instant from, int count) {
			for (int i = 0; i < count; i++) {
				row(from.plusSeconds(i));
			}
			return this;
		}

		/** One row stamped {@code at}, with the next seq. */
		public Chain row(Instant at) {
			return row(at, "test.op", "system", "p", "{}");
		}

		/** One row of the given kind stamped {@code at}, with the next seq. */
		public Chain row(Instant at, String operation, String principalType, String principal, String detail) {
			long seq = this.before + this.rows.size() + 1;
			AuditRow row = new AuditRow(UUID.randomUUID(), this.id, seq, at, "c-" + seq, principal, principalType,
					operation, null, "success", detail, null, this.previous, null);
			row = row.withHash(AuditMonths.this.hashes.hash(this.previous, row));
			insert(row);
			this.rows.add(row);
			this.previous = row.hash();
			return this;
		}

	}

}
