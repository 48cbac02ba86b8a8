package dev.tessera.auth.support;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Two auth-server nodes on one database behind one issuer, as behind a load balancer,
 * started once per test JVM for every test that needs a cluster and can share it (each
 * node start costs seconds), and stopped after the last test. A test asks for it as a
 * parameter, with {@code @ExtendWith(TwoNodeCluster.Extension.class)}.
 * <p>
 * Both nodes refresh slowly on their own (keys and client cache every minute), so only
 * LISTEN/NOTIFY can explain a change reaching the other node within seconds; they sync
 * their token quota counts every minute too, so a test syncs them itself. They share one
 * {@link MutableClock}, and rotate keys on minutes of it, so a test moves the clock
 * through the schedule step by step and nothing happens in between. Tests leave the
 * cluster running, with its clock {@linkplain MutableClock#reset() reset}, and make no
 * assumption about the keys or clients an earlier test left behind.
 */
public final class TwoNodeCluster implements AutoCloseable {

	public static final Duration ROTATION_PERIOD = Duration.ofMinutes(4);

	public static final Duration PREPUBLISH = Duration.ofMinutes(2);

	/**
	 * Longer than any wait a test makes for a notification: it alone explains a fast
	 * change.
	 */
	public static final Duration REFRESH = Duration.ofSeconds(60);

	private static final String ISSUER = "http://tessera.cluster.test";

	private final String databaseUrl;

	private final MutableClock clock;

	private final Node a;

	private final Node b;

	private TwoNodeCluster(String databaseUrl, MutableClock clock, Node a, Node b) {
		this.databaseUrl = databaseUrl;
		this.clock = clock;
		this.a = a;
		this.b = b;
	}

	static TwoNodeCluster start() {
		String database = TestDatabase.get().createDatabase();
		byte[] kek = new byte[32];
		new SecureRandom().nextBytes(kek);
		String[] settings = { "--tessera.keys.encryption-key=" + Base64.getEncoder().encodeToString(kek),
				"--tessera.keys.rotation-period=" + ROTATION_PERIOD.toSeconds() + "s",
				"--tessera.keys.prepublish=" + PREPUBLISH.toSeconds() + "s", "--tessera.keys.jwks-max-age=30s",
				"--tessera.keys.refresh-interval=" + REFRESH.toSeconds() + "s", "--tessera.keys.check-interval=200ms",
				"--tessera.clients.cache-ttl=" + REFRESH.toSeconds() + "s",
				"--tessera.quotas.sync-interval=" + REFRESH.toSeconds() + "s",
				// it stays up for the rest of the run: a small pool, next to the other
				// contexts' pools
				"--spring.datasource.hikari.maximum-pool-size=5" };
		MutableClock clock = MutableClock.running();
		Node a = Node.startWithIssuer(database, ISSUER, clock, settings);
		try {
			return new TwoNodeCluster(database, clock, a, Node.startWithIssuer(database, ISSUER, clock, settings));
		}
		catch (RuntimeException ex) {
			a.close();
			throw ex;
		}
	}

	public Node a() {
		return this.a;
	}

	public Node b() {
		return this.b;
	}

	/** The clock both nodes read. */
	public MutableClock clock() {
		return this.clock;
	}

	public String databaseUrl() {
		return this.databaseUrl;
	}

	@Override
	public void close() {
		try {
			this.b.close();
		}
		finally {
			this.a.close();
		}
	}

	/** Gives a test method or constructor the shared cluster, started on first use. */
	public static final class Extension implements ParameterResolver {

		private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
			.create(TwoNodeCluster.class);

		@Override
		public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
			return parameter.getParameter().getType() == TwoNodeCluster.class;
		}

		@Override
		public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
			// the root store: one cluster for the whole run, closed when the run ends
			return context.getRoot()
				.getStore(NAMESPACE)
				.computeIfAbsent(TwoNodeCluster.class, type -> start(), TwoNodeCluster.class);
		}

	}

}
