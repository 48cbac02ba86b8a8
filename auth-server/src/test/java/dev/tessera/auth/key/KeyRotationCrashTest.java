package dev.tessera.auth.key;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.write.AuditWriter;
import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.support.Node;
import dev.tessera.auth.support.TcpProxy;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.jdbc.core.JdbcTemplate;

import static dev.tessera.auth.support.Poll.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that dies in the middle of a key rotation, at its most delicate point: holding
 * the cluster's key-set lock, the old key already flushed as {@code RETIRING} and the
 * pre-published key as {@code ACTIVE}, its transaction open while it waits for the audit
 * row. The test holds that moment (it locks the audit table, so the insert waits) and
 * then kills the node as PostgreSQL sees a dead process: every connection of the node
 * drops at once ({@link TcpProxy#cut()}), no orderly rollback from the node. PostgreSQL
 * rolls the transaction back and frees the lock; the other node, which was waiting for
 * that lock, completes the rotation itself. Nobody ever sees two {@code ACTIVE} keys (a
 * sampler reads the table throughout, and a partial unique index forbids it), and the
 * survivor signs with the new key.
 */
class KeyRotationCrashTest {

	static final Duration PERIOD = Duration.ofMinutes(4);

	static final Duration PREPUBLISH = Duration.ofMinutes(2);

	@Test
	void aNodeKilledHoldingTheRotationLockLeavesTheRotationToTheNextNode() throws Exception {
		String database = TestDatabase.get().createDatabase();
		JdbcTemplate superuser = TestDatabase.get().superuserJdbc(database);
		MutableClock clock = MutableClock.running();
		String kek = MultiNodeKeysTest.newKek();
		try (TcpProxy proxyA = TcpProxy.forJdbcUrl(database); TcpProxy proxyB = TcpProxy.forJdbcUrl(database)) {
			Node a = start(proxyA.jdbcUrl(database), clock, kek, "node-a");
			Node b = null;
			try {
				b = start(proxyB.jdbcUrl(database), clock, kek, "node-b");
				IssuedSecret client = b.bean(ClientRegistrar.class)
					.register(ClientDraft.clientCredentials(null, "crash", Set.of(), Set.of(), Set.of()));
				assertThat(superuser.queryForObject(
						"select count(*) from pg_indexes where indexname = 'signing_key_one_active_idx'",
						Integer.class))
					.as("the database itself forbids a second ACTIVE key")
					.isEqualTo(1);

				// the pre-published key, made normally
				String oldKid = activeKid(superuser);
				Instant rotateAt = superuser
					.queryForObject(
							"select coalesce(activated_at, created_at) from signing_key where status = 'ACTIVE'",
							Timestamp.class)
					.toInstant()
					.plus(PERIOD);
				clock.advanceTo(rotateAt.minus(PREPUBLISH));
				String nextKid = await(Duration.ofSeconds(10),
						() -> superuser.queryForList("select kid from signing_key where status = 'NEXT'", String.class)
							.stream()
							.findFirst()
							.orElse(null));

				AtomicBoolean sampling = new AtomicBoolean(true);
				AtomicInteger mostActive = new AtomicInteger();
				AtomicInteger leastActive = new AtomicInteger(Integer.MAX_VALUE);
				AtomicReference<Throwable> samplerFailure = new AtomicReference<>();
				Thread sampler = new Thread(() -> {
					try {
						while (sampling.get()) {
							int active = superuser.queryForObject(
									"select count(*) from signing_key where status = 'ACTIVE'", Integer.class);
							mostActive.accumulateAndGet(active, Math::max);
							leastActive.accumulateAndGet(active, Math::min);
						}
					}
					catch (Throwable ex) {
						samplerFailure.set(ex); // a sampler that stopped early proves
												// nothing
					}
				}, "active-key-sampler");
				sampler.start();
				String holder;
				try (Connection auditLock = TestDatabase.get().superuserConnection(database);
						Statement statement = auditLock.createStatement()) {
					// audit inserts now wait: whichever node rotates stops inside its
					// transaction
					auditLock.setAutoCommit(false);
					statement.execute("lock table audit_event in exclusive mode");
					clock.advanceTo(rotateAt.plusSeconds(1));
					holder = await(Duration.ofSeconds(15), () -> rotatingNode(superuser));
					assertThat(activeKid(superuser)).as("the half-done rotation is invisible").isEqualTo(oldKid);

					// the holder dies: its connections drop, PostgreSQL rolls it back
					Node dead = "node-a".equals(holder) ? a : b;
					("node-a".equals(holder) ? proxyA : proxyB).cut();
					await(Duration.ofSeconds(15),
							() -> (rotatingNode(superuser) == null || !holder.equals(rotatingNode(superuser))) ? true
									: null);
					auditLock.commit();
					closeQuietly(dead);
					if (dead == a) {
						a = null;
					}
					else {
						b = null;
					}
				}
				Node survivor = (a != null) ? a : b;

				await(Duration.ofSeconds(20), () -> nextKid.equals(activeKid(superuser)) ? true : null);
				sampling.set(false);
				sampler.join();
				assertThat(samplerFailure.get()).as("the sampler read the table throughout").isNull();
				assertThat(mostActive.get()).as("most ACTIVE keys at any moment").isEqualTo(1);
				assertThat(leastActive.get()).as("fewest ACTIVE keys at any moment").isEqualTo(1);
				assertThat(
						superuser.queryForObject("select status from signing_key where kid = ?", String.class, oldKid))
					.isEqualTo("RETIRING");
				String survivorName = "node-a".equals(holder) ? "node-b" : "node-a";
				List<Map<String, Object>> changes = superuser.queryForList(
						"select principal, chain_id, detail from audit_event where operation = 'key.schedule' "
								+ "and detail like ?",
						"%activate " + nextKid + "%");
				assertThat(changes).as("the activation is audited once, by the node that made it").hasSize(1);
				// each node writes its own audit chain: the survivor's chain holds it
				assertThat(changes.get(0).get("chain_id")).as("audited by " + survivorName)
					.isEqualTo(survivor.bean(AuditWriter.class).chainId());
				assertThat(changes.get(0).get("principal")).as("the survivor's scheduler, not an operator")
					.isEqualTo("scheduler");

				clock.reset(); // Spring judges a token's nbf by the system clock
				String token = MultiNodeKeysTest.tokenFrom(survivor.http(), client);
				assertThat(SignedJWT.parse(token).getHeader().getKeyID()).as("signed by " + survivorName)
					.isEqualTo(nextKid);
			}
			finally {
				closeQuietly(b);
				closeQuietly(a);
			}
		}
	}

	static Node start(String url, MutableClock clock, String kek, String name) {
		return Node.startWithIssuer(url, "http://tessera.crash.test", clock, "--tessera.keys.encryption-key=" + kek,
				"--tessera.keys.rotation-period=" + PERIOD.toSeconds() + "s",
				"--tessera.keys.prepublish=" + PREPUBLISH.toSeconds() + "s", "--tessera.keys.jwks-max-age=30s",
				"--tessera.keys.check-interval=200ms", "--tessera.audit.wait-timeout=60s",
				"--spring.datasource.hikari.connection-timeout=1000", "--spring.datasource.hikari.maximum-pool-size=4",
				"--spring.datasource.hikari.data-source-properties.ApplicationName=" + name);
	}

	static String activeKid(JdbcTemplate jdbc) {
		return jdbc.queryForObject("select kid from signing_key where status = 'ACTIVE'", String.class);
	}

	/**
	 * The application name of the session holding the key-set lock while it has an
	 * uncommitted change, or null.
	 */
	static String rotatingNode(JdbcTemplate jdbc) {
		List<String> holders = jdbc.queryForList("select a.application_name from pg_locks l "
				+ "join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted "
				+ "and ((l.classid::bigint << 32) | l.objid::bigint) = 7365726173001 "
				+ "and a.state = 'idle in transaction'", String.class);
		return holders.isEmpty() ? null : holders.get(0);
	}

	static void closeQuietly(Node node) {
		if (node != null) {
			try {
				node.close();
			}
			catch (RuntimeException ex) {
				// a killed node's shutdown may fail: it is dead either way
			}
		}
	}

}
