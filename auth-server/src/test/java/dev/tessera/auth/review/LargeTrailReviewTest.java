package dev.tessera.auth.review;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.nimbusds.jose.util.JSONArrayUtils;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.tessera.auth.support.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reviews stay fast with millions of audit events because they never read them: on a
 * database of its own, 2,000,000 events are generated in SQL under schema V10, V11's
 * back-fill then sums them into the rollups, the sums are checked against the events, and
 * the plan of every query the reviews run ({@code EXPLAIN (FORMAT JSON)}) names only
 * rollup tables, never {@code audit_event}. The events' chains are made up (no hashes
 * that verify), which is why they live in a database no other test reads; it is dropped
 * afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeTrailReviewTest {

	static final int EVENTS = 2_000_000;

	static final int CLIENTS = 200;

	final TestDatabase database = TestDatabase.get();

	String url;

	JdbcTemplate superuser;

	JdbcTemplate runtime;

	Instant now;

	@BeforeAll
	void generateTrail() {
		this.url = this.database.createDatabase();
		Flyway.configure()
			.dataSource(this.url, this.database.ownerUsername(), this.database.ownerPassword())
			.locations("classpath:db/migration")
			.target("10")
			.load()
			.migrate();
		this.superuser = this.database.superuserJdbc(this.url);
		this.now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		// one event every 2 s going back from now (about 46 days); of every 10: one
		// refused client authentication (anonymous, invalid_client), one introspection,
		// eight tokens for client-(i % 200) with one of three scope sets
		// written once and thrown away: no WAL for the generated rows, and none of the
		// indexes that serve the audit query (the back-fill reads the whole table, and
		// the reviews never read it)
		this.superuser.execute("alter table audit_event set unlogged");
		this.superuser.execute("drop index audit_event_time_idx, audit_event_principal_idx, "
				+ "audit_event_correlation_idx, audit_event_operation_idx");
		this.superuser.update("""
				insert into audit_event (id, chain_id, seq, occurred_at, correlation_id, principal, principal_type,
				    operation, source_ip, outcome, detail, payload_ref, prev_hash, hash)
				select lpad(to_hex(i), 32, '0')::uuid, '00000000-0000-0000-0000-00000000c0de', i,
				    ?::timestamptz - i * interval '2 seconds', 'generated',
				    case when i % 10 = 0 then null else 'client-' || (i % 200) end,
				    case when i % 10 = 0 then 'anonymous' else 'client' end,
				    case when i % 10 = 1 then 'token.introspect' else 'token.issue' end,
				    null,
				    case when i % 10 = 0 then 'business_error' else 'success' end,
				    case when i % 10 = 0 then '{"error":"invalid_client","stage":"client_authentication"}'
				         when i % 10 = 1 then '{"active":true}'
				         else '{"grant":"client_credentials","jti":"j' || i || '","scope":"'
				             || (array['orders:read', 'orders:read orders:write', ''])[i % 3 + 1] || '"}'
				    end,
				    null, '\\x00'::bytea, '\\x00'::bytea
				from generate_series(1, ?) as i
				""", java.sql.Timestamp.from(this.now), EVENTS);
		// up to V13 only: V14 would copy the two million rows into month partitions
		// (about a minute here), and the reviews read the rollups, never audit_event
		Flyway.configure()
			.dataSource(this.url, this.database.ownerUsername(), this.database.ownerPassword())
			.locations("classpath:db/migration")
			.target("13")
			.load()
			.migrate();
		this.superuser.execute("analyze");
		this.runtime = new JdbcTemplate(new DriverManagerDataSource(this.url, this.database.runtimeUsername(),
				this.database.runtimePassword()));
	}

	@AfterAll
	void dropDatabase() throws SQLException {
		String name = this.url.substring(this.url.lastIndexOf('/') + 1).split("\\?")[0];
		String other = this.url.replace("/" + name, "/postgres");
		try (Connection connection = DriverManager.getConnection(other, this.database.username(),
				this.database.password()); Statement statement = connection.createStatement()) {
			statement.execute("drop database if exists " + name + " with (force)");
		}
	}

	@Test
	void theBackFillSumsTheTrail() {
		assertThat(this.superuser.queryForObject("select count(*) from audit_event", Long.class)).isEqualTo(EVENTS);
		long tokens = this.superuser.queryForObject(
				"select count(*) from audit_event where operation = 'token.issue' and outcome = 'success'", Long.class);
		assertThat(tokens).isEqualTo(EVENTS / 10 * 8);
		assertThat(sum("select sum(tokens) from token_usage_daily where scope = ''")).isEqualTo(tokens);
		assertThat(sum("select sum(tokens) from token_usage_daily where scope = 'orders:read'"))
			.isEqualTo(this.superuser.queryForObject("""
					select count(*) from audit_event
					where operation = 'token.issue' and outcome = 'success' and detail like '%"scope":"orders:read%'
					""", Long.class));
		assertThat(sum("select sum(tokens) from token_usage_daily where scope = 'orders:write'"))
			.isEqualTo(this.superuser.queryForObject("""
					select count(*) from audit_event
					where operation = 'token.issue' and outcome = 'success' and detail like '%orders:write%'
					""", Long.class));
		assertThat(sum("select sum(events) from audit_outcome_hourly")).isEqualTo(EVENTS);
		assertThat(sum("select sum(events) from audit_outcome_hourly where error = 'invalid_client'"))
			.isEqualTo(EVENTS / 10);
		// the rollups are a small fraction of the trail
		assertThat(sum("select count(*) from token_usage_daily")).isLessThan(50_000);
	}

	@Test
	void theReviewsFiguresComeFromTheRollups() {
		RollupReader reader = new RollupReader(this.runtime.getDataSource());
		LocalDate today = LocalDate.ofInstant(this.now, ZoneOffset.UTC);
		ReviewWindow all = ReviewWindow.ending(today, 90);

		List<ScopeUsage> usage = reader.scopeUsage(all);
		assertThat(usage.stream().filter(ScopeUsage::isTotal).mapToLong(ScopeUsage::tokens).sum())
			.isEqualTo(EVENTS / 10 * 8);
		// client-(i % 200) gets tokens when i % 10 is 2 to 9: 160 of the 200
		assertThat(usage.stream().filter(ScopeUsage::isTotal).count()).isEqualTo(CLIENTS / 10 * 8);
		List<String> everyClient = java.util.stream.IntStream.range(0, CLIENTS).mapToObj(i -> "client-" + i).toList();
		assertThat(reader.lastTokenDays(everyClient)).hasSize(CLIENTS / 10 * 8)
			.containsEntry("client-2", today)
			.doesNotContainKey("client-1");
		assertThat(reader.tokensPerDay(all).values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo(EVENTS / 10 * 8);
		assertThat(reader.clientUsage("client-2", all)
			.stream()
			.filter(row -> row.scope().isEmpty())
			.mapToLong(ClientUsage.Row::tokens)
			.sum()).isEqualTo(EVENTS / CLIENTS);
		// one refused authentication every 20 s: 24 whole hours and the current one
		long failed = reader.failedAuthentications(this.now.truncatedTo(ChronoUnit.HOURS).minus(24, ChronoUnit.HOURS));
		long seconds = this.now.getEpochSecond() - this.now.truncatedTo(ChronoUnit.HOURS).getEpochSecond() + 24 * 3600;
		assertThat(failed).isBetween(seconds / 20 - 1, seconds / 20 + 1);
	}

	@Test
	void noQueryOfTheReviewsReadsTheTrail() throws ParseException {
		LocalDate today = LocalDate.ofInstant(this.now, ZoneOffset.UTC);
		Map<String, Object[]> queries = Map.of(RollupReader.SCOPE_USAGE, new Object[] { today.minusDays(89), today },
				RollupReader.LAST_TOKEN_DAYS, new Object[] { "{client-1,client-2}" }, RollupReader.TOKENS_PER_DAY,
				new Object[] { today.minusDays(29), today }, RollupReader.CLIENT_USAGE,
				new Object[] { "client-2", today.minusDays(29), today }, RollupReader.FAILED_AUTHENTICATIONS,
				new Object[] { java.sql.Timestamp.from(this.now.minus(24, ChronoUnit.HOURS)) });
		Set<String> everyRelation = new TreeSet<>();
		queries.forEach((sql, args) -> {
			String plan = this.runtime.queryForObject("explain (format json) " + sql, String.class, args);
			Set<String> relations = relations(plan);
			assertThat(relations).as(sql + plan).isNotEmpty().doesNotContain("audit_event");
			everyRelation.addAll(relations);
		});
		assertThat(everyRelation).containsExactlyInAnyOrder("token_usage_daily", "audit_outcome_hourly");
	}

	long sum(String sql) {
		Long sum = this.superuser.queryForObject(sql, Long.class);
		return (sum != null) ? sum : 0;
	}

	/** Every table a plan reads ({@code "Relation Name"} at any depth). */
	static Set<String> relations(String plan) {
		try {
			Set<String> relations = new TreeSet<>();
			collect(JSONArrayUtils.parse(plan), relations);
			return relations;
		}
		catch (ParseException ex) {
			throw new AssertionError("Not a JSON plan: " + plan, ex);
		}
	}

	@SuppressWarnings("unchecked")
	static void collect(Object node, Set<String> relations) {
		if (node instanceof Map<?, ?> map) {
			Object relation = map.get("Relation Name");
			if (relation != null) {
				relations.add(relation.toString());
			}
			map.values().forEach(value -> collect(value, relations));
		}
		else if (node instanceof List<?> list) {
			new ArrayList<>(list).forEach(value -> collect(value, relations));
		}
	}

}
