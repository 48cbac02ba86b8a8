package dev.tessera.auth.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Cache invalidation over PostgreSQL's own LISTEN/NOTIFY, so scaling out adds no
 * infrastructure. Senders call {@code pg_notify} inside their transaction (PostgreSQL
 * delivers it only if the transaction commits); every node keeps one connection listening
 * and applies what arrives. After a lost connection a node reconnects and drops its whole
 * client cache and re-reads its keys and trusted issuers, since it may have missed
 * messages.
 */
public class PostgresCacheInvalidations implements CacheInvalidations, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PostgresCacheInvalidations.class);

	static final String CHANNEL = "tessera_cache";

	static final String KEYS = "keys";

	static final String CLIENT_PREFIX = "client:";

	static final String TRUSTED_ISSUERS = "trusted_issuers";

	private final DataSource dataSource;

	private final JdbcTemplate jdbc;

	private final ObjectProvider<CacheInvalidationListener> listeners;

	private volatile boolean running;

	private Thread listener;

	/**
	 * @param listeners every feature's listener, looked up when a message arrives
	 */
	public PostgresCacheInvalidations(DataSource dataSource, ObjectProvider<CacheInvalidationListener> listeners) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.listeners = listeners;
	}

	@Override
	public void clientChanged(String clientId) {
		notify(CLIENT_PREFIX + clientId);
	}

	@Override
	public void keysChanged() {
		notify(KEYS);
	}

	@Override
	public void trustedIssuersChanged() {
		notify(TRUSTED_ISSUERS);
	}

	private void notify(String payload) {
		try {
			this.jdbc.queryForList("select pg_notify(?, ?)", CHANNEL, payload);
		}
		catch (RuntimeException ex) {
			// the periodic refresh still brings the change to other nodes
			log.warn("Could not notify other nodes of '{}': {}", payload, ex.getMessage());
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.listener = new Thread(this::listen, "tessera-cache-invalidations");
		this.listener.setDaemon(true);
		this.listener.start();
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.listener != null) {
			this.listener.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void listen() {
		boolean reconnect = false;
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("listen " + CHANNEL);
				}
				if (!connection.getAutoCommit()) {
					connection.commit();
				}
				if (reconnect) {
					tell(CacheInvalidationListener::missedMessages);
				}
				PGConnection postgres = connection.unwrap(PGConnection.class);
				while (this.running) {
					PGNotification[] notifications = postgres.getNotifications(1000);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							apply(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				log.warn("Cache invalidation listener lost its connection ({}); retrying", ex.getMessage());
				reconnect = true;
				try {
					Thread.sleep(1000);
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	void apply(String payload) {
		if (KEYS.equals(payload)) {
			tell(CacheInvalidationListener::keysChanged);
		}
		else if (TRUSTED_ISSUERS.equals(payload)) {
			tell(CacheInvalidationListener::trustedIssuersChanged);
		}
		else if (payload.startsWith(CLIENT_PREFIX)) {
			String clientId = payload.substring(CLIENT_PREFIX.length());
			tell((listener) -> listener.clientChanged(clientId));
		}
	}

	/**
	 * Tells every listener, each on its own: one that fails must not keep the others
	 * stale.
	 */
	private void tell(Consumer<CacheInvalidationListener> message) {
		this.listeners.forEach((listener) -> {
			try {
				message.accept(listener);
			}
			catch (RuntimeException ex) {
				log.warn("A cache invalidation listener failed ({}); its cache expires on its own", ex.getMessage());
			}
		});
	}

}
