package dev.tessera.auth.token.quota;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's hours are the UTC hours the nodes counted in, whatever the database
 * session's time zone and the JVM's: here a session far from the JVM's zone (a server
 * whose {@code timezone} setting differs, or a pool that sets one).
 */
class JdbcQuotaUsageStoreTest {

	static final String CLIENT = "0b7e6a8e-3f0c-4a57-9d6f-2c1d5e0a9b41";

	final TestDatabase database = TestDatabase.get();

	final String url = this.database.createDatabase();

	final SingleConnectionDataSource dataSource = new SingleConnectionDataSource(this.url, this.database.username(),
			this.database.password(), true);

	final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	final JdbcQuotaUsageStore store = new JdbcQuotaUsageStore(this.jdbc,
			new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)));

	@AfterEach
	void close() {
		this.dataSource.destroy();
	}

	@Test
	void hoursAreStoredAndReadAsUtcWhateverTheSessionTimeZone() {
		String zone = "Pacific/Kiritimati".equals(TimeZone.getDefault().getID()) ? "America/Anchorage"
				: "Pacific/Kiritimati";
		// the table as V13 creates it (the migrations need the server's roles)
		this.jdbc.execute("create table token_quota_usage (client_pk uuid not null, hour timestamptz not null, "
				+ "tokens bigint not null check (tokens >= 0), primary key (client_pk, hour))");
		this.jdbc.execute("set time zone '" + zone + "'");
		Instant hour = Instant.parse("2026-11-30T10:00:00Z");
		Instant day = Instant.parse("2026-11-30T00:00:00Z");

		Map<String, QuotaUsageStore.Totals> totals = this.store
			.addAndRead(List.of(new QuotaUsageStore.Delta(CLIENT, hour, 2)), hour, day);
		assertThat(totals).containsEntry(CLIENT, new QuotaUsageStore.Totals(2, 2));
		totals = this.store.addAndRead(List.of(new QuotaUsageStore.Delta(CLIENT, hour, 1)), hour, day);
		assertThat(totals).containsEntry(CLIENT, new QuotaUsageStore.Totals(3, 3));
		assertThat(this.jdbc.queryForObject(
				"select to_char(hour at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') " + "from token_quota_usage",
				String.class))
			.isEqualTo("2026-11-30T10:00:00Z");

		assertThat(this.store.removeBefore(hour)).isZero();
		assertThat(this.store.removeBefore(hour.plusSeconds(3600))).isOne();
	}

}
