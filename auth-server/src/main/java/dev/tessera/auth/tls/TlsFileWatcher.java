package dev.tessera.auth.tls;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Reloads the TLS material read from files every {@code tessera.tls.reload-interval}, so
 * a renewed server certificate, a new client-CA bundle or a freshly published CRL is used
 * without a restart: the {@link ServerCertificate} (unless it comes from an SSL bundle,
 * which Spring Boot reloads itself when the bundle sets {@code reload-on-update}) and the
 * {@link ClientCertificateTrust}. Each one is read and compared with what is in use, so a
 * tick with nothing changed does nothing and logs nothing. A file that cannot be read, or
 * a key that does not fit its certificate, is one ERROR naming the file (again only when
 * the problem changes) while the previous material stays in use: a half-written renewal
 * never takes the server down. The ticks also warn about CRLs past their
 * {@code nextUpdate}, once per CRL. One daemon thread, stopped with the context.
 */
public final class TlsFileWatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(TlsFileWatcher.class);

	private final List<Watched> watched;

	private final ClientCertificateTrust trust;

	private final Duration interval;

	private final Clock clock;

	/** What failed at the last tick, by watched material: logged once per new problem. */
	private final Map<String, String> failing = new ConcurrentHashMap<>();

	private ScheduledExecutorService executor;

	private volatile boolean running;

	/**
	 * @param server the server certificate to reload, or null when nothing reads it from
	 * files (no TLS, or an SSL bundle)
	 * @param trust the client CAs and CRLs to reload
	 * @param interval how often; zero or negative turns reloading off
	 */
	public TlsFileWatcher(ServerCertificate server, ClientCertificateTrust trust, Duration interval, Clock clock) {
		this.watched = (server != null)
				? List.of(new Watched("TLS certificate " + server.source(), server::reload),
						new Watched("client CAs " + trust.source(), trust::reload))
				: List.of(new Watched("client CAs " + trust.source(), trust::reload));
		this.trust = trust;
		this.interval = interval;
		this.clock = clock;
	}

	/** One round: reloads what changed, logs what failed, warns about stale CRLs. */
	public void check() {
		for (Watched material : this.watched) {
			try {
				boolean changed = material.reload().getAsBoolean();
				String failed = this.failing.remove(material.name());
				if (changed) {
					log.info("Reloaded the {}", material.name());
				}
				else if (failed != null) {
					log.info("The {} can be read again; unchanged, still in use", material.name());
				}
			}
			catch (RuntimeException ex) {
				String problem = String.valueOf(ex.getMessage());
				if (!problem.equals(this.failing.put(material.name(), problem))) {
					log.error("The {} was not reloaded, the previous one stays in use: {}", material.name(), problem);
				}
			}
		}
		this.trust.warnAboutStaleCrls(this.clock.instant());
	}

	@Override
	public void start() {
		if (this.interval.isZero() || this.interval.isNegative()) {
			log.info("TLS files are not reloaded (tessera.tls.reload-interval is {})", this.interval);
			this.running = true;
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "tessera-tls-reload");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::checkSafely, millis, millis, TimeUnit.MILLISECONDS);
		this.running = true;
	}

	/** A scheduled task that throws is never run again: nothing may escape. */
	private void checkSafely() {
		try {
			check();
		}
		catch (RuntimeException ex) {
			log.error("Reloading the TLS files failed", ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Watched(String name, BooleanSupplier reload) {
	}

}
