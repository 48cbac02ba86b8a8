package dev.tessera.auth.audit.write;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditEvent;
import dev.tessera.auth.audit.AuditEventTable;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditReceipt;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.audit.JoinedWriteKind;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.rollup.AuditRollup;
import dev.tessera.auth.audit.rollup.AuditRollupRule;
import dev.tessera.auth.audit.rollup.AuditRollupWriter;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The writer adds a batch's rollups in the batch's own transaction, as the runtime role:
 * one statement per batch beside the events' insert, nothing per event, and a batch that
 * does not commit adds nothing to the rollups either. Runs the real migrations on a
 * database of its own (its chain, hashed under a key of its own, would not verify in the
 * shared test database).
 */
class AuditWriterRollupTest {

	static final AuditRollupRule RULE = new AuditRollupRule("token.issue", "scope", "error");

	final TestDatabase database = TestDatabase.get();

	/** Every statement prepared, per connection the writer opened. */
	final List<List<String>> statements = new CopyOnWriteArrayList<>();

	volatile boolean refuseCommit;

	JdbcTemplate superuser;

	JdbcTemplate runtime;

	AuditWriter writer;

	@BeforeEach
	void setUp() {
		String url = this.database.createDatabase();
		Flyway.configure()
			.dataSource(url, this.database.ownerUsername(), this.database.ownerPassword())
			.locations("classpath:db/migration")
			.load()
			.migrate();
		this.superuser = this.database.superuserJdbc(url);
		DataSource runtime = new DriverManagerDataSource(url, this.database.runtimeUsername(),
				this.database.runtimePassword());
		this.runtime = new JdbcTemplate(runtime);
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.writer = new AuditWriter(observed(runtime), AuditHashChain.keyed(key),
				new AuditRollupWriter(new AuditRollup(RULE)), 10, 100);
		this.writer.start();
	}

	@AfterEach
	void tearDown() {
		this.writer.stop();
	}

	@Test
	void eachBatchAddsItsRollupsWithOneStatement() throws Exception {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		List<CompletableFuture<AuditReceipt>> receipts = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			receipts.add(this.writer.submit(token(now, "orders", "orders:read orders:write"), List.of()));
		}
		receipts.add(this.writer.submit(token(now, "billing", "billing:read"), List.of()));
		receipts.add(this.writer.submit(refusal(now, "invalid_client"), List.of()));
		for (CompletableFuture<AuditReceipt> receipt : receipts) {
			assertThat(receipt.get(10, TimeUnit.SECONDS)).isEqualTo(AuditReceipt.RECORDED);
		}

		assertThat(tokens("orders", "")).isEqualTo(20);
		assertThat(tokens("orders", "orders:read")).isEqualTo(20);
		assertThat(tokens("orders", "orders:write")).isEqualTo(20);
		assertThat(tokens("billing", "")).isEqualTo(1);
		assertThat(events("token.issue", "success", "")).isEqualTo(21);
		assertThat(events("token.issue", "business_error", "invalid_client")).isEqualTo(1);
		assertThat(this.superuser.queryForObject("select count(distinct chain_id) from token_usage_daily", Long.class))
			.isEqualTo(1);
		assertThat(this.superuser.queryForObject("select chain_id from token_usage_daily limit 1", UUID.class))
			.isEqualTo(this.writer.chainId());
		// however the events were batched: per batch the insert and one rollup statement
		assertThat(this.statements).isNotEmpty()
			.allSatisfy(batch -> assertThat(batch).containsExactly(AuditEventTable.INSERT, AuditRollupWriter.UPSERT));
	}

	@Test
	void aBatchOfEventlessRefusalsLeavesTheChainAsItWas() throws Exception {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		// a joined write another node made first, whose refusal records no event (an
		// expiry warning already given)
		JoinedWriteKind<String> givenElsewhere = new JoinedWriteKind<>() {

			@Override
			public String name() {
				return "given_elsewhere";
			}

			@Override
			public java.util.Comparator<String> order() {
				return java.util.Comparator.naturalOrder();
			}

			@Override
			public int[] apply(Connection connection, List<String> items) {
				return new int[items.size()];
			}

			@Override
			public Map<String, Object> refusal(String item) {
				return null;
			}

		};
		AuditReceipt refused = this.writer.submit(token(now, "orders", "orders:read"), List.of(givenElsewhere.of("x")))
			.get(10, TimeUnit.SECONDS);
		assertThat(refused.refused()).isTrue();
		assertThat(count("audit_event")).isZero();
		// no row, so no head: a checkpoint of an empty chain would read as a chain gone
		assertThat(this.writer.head()).isNull();

		assertThat(this.writer.submit(token(now, "orders", "orders:read"), List.of()).get(10, TimeUnit.SECONDS))
			.isEqualTo(AuditReceipt.RECORDED);
		assertThat(this.writer.head().seq()).isEqualTo(1);
	}

	@Test
	void aBatchThatDoesNotCommitAddsNoRollup() throws Exception {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		this.refuseCommit = true;
		CompletableFuture<AuditReceipt> refused = this.writer.submit(token(now, "orders", "orders:read"), List.of());
		assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(AuditUnavailableException.class);
		// the rollup statement ran in that transaction, and went with it
		assertThat(this.statements).anySatisfy(batch -> assertThat(batch).contains(AuditRollupWriter.UPSERT));
		assertThat(count("audit_event")).isZero();
		assertThat(count("token_usage_daily")).isZero();
		assertThat(count("audit_outcome_hourly")).isZero();

		this.refuseCommit = false;
		assertThat(this.writer.submit(token(now, "orders", "orders:read"), List.of()).get(10, TimeUnit.SECONDS))
			.isEqualTo(AuditReceipt.RECORDED);
		assertThat(count("audit_event")).isEqualTo(1);
		assertThat(tokens("orders", "")).isEqualTo(1);
		assertThat(tokens("orders", "orders:read")).isEqualTo(1);
		assertThat(events("token.issue", "success", "")).isEqualTo(1);
	}

	@Test
	void theRuntimeRoleCannotRemoveRollups() {
		assertThatThrownBy(() -> this.runtime.update("delete from token_usage_daily")).rootCause()
			.hasMessageContaining("permission denied");
		assertThatThrownBy(() -> this.runtime.update("delete from audit_outcome_hourly")).rootCause()
			.hasMessageContaining("permission denied");
	}

	long tokens(String clientId, String scope) {
		Long sum = this.superuser.queryForObject(
				"select sum(tokens) from token_usage_daily where client_id = ? and scope = ?", Long.class, clientId,
				scope);
		return (sum != null) ? sum : 0;
	}

	long events(String operation, String outcome, String error) {
		Long sum = this.superuser.queryForObject(
				"select sum(events) from audit_outcome_hourly where operation = ? and outcome = ? and error = ?",
				Long.class, operation, outcome, error);
		return (sum != null) ? sum : 0;
	}

	long count(String table) {
		return this.superuser.queryForObject("select count(*) from " + table, Long.class);
	}

	static AuditEvent token(Instant at, String clientId, String scope) {
		return new AuditEvent(UUID.randomUUID(), at, "corr", clientId, "client", "token.issue", "127.0.0.1",
				AuditOutcome.SUCCESS, Map.of("scope", scope, "jti", UUID.randomUUID().toString()), null);
	}

	static AuditEvent refusal(Instant at, String error) {
		return new AuditEvent(UUID.randomUUID(), at, "corr", null, "anonymous", "token.issue", "127.0.0.1",
				AuditOutcome.BUSINESS_ERROR, new HashMap<>(Map.of("error", error)), null);
	}

	/**
	 * The data source, recording each connection's statements, and refusing commits while
	 * {@link #refuseCommit} is set.
	 */
	DataSource observed(DataSource real) {
		return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					Object result = invoke(real, method, args);
					return (result instanceof Connection connection) ? observed(connection) : result;
				});
	}

	Connection observed(Connection real) {
		List<String> prepared = new CopyOnWriteArrayList<>();
		this.statements.add(prepared);
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				(proxy, method, args) -> {
					if (method.getName().equals("prepareStatement")) {
						prepared.add((String) args[0]);
					}
					if (method.getName().equals("commit") && this.refuseCommit) {
						throw new SQLException("commit refused by the test");
					}
					return invoke(real, method, args);
				});
	}

	static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
