package dev.tessera.bench;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * TLS with the {@code tls_client_auth} client's certificate, the way a partner connects:
 * the server's certificate checked against the bench CA and its name ({@code 127.0.0.1})
 * by the JDK's HTTPS rules, the client's certificate offered when the server asks for
 * one.
 *
 * <p>
 * Two ways to open connections, for the two costs of a new connection:
 * <ul>
 * <li>{@link Handshakes#RESUMED}: each load connection (a worker thread) has an
 * {@link SSLContext} of its own, as an independent client has, whose session cache offers
 * the session of its previous connection (a TLS 1.3 PSK from the server's ticket, or a
 * TLS 1.2 session id) to the server, so after a worker's first connection the handshake
 * is abbreviated (no certificates sent or checked, no signatures). One context shared by
 * all workers would resume far less: a TLS 1.3 ticket is used once, and concurrent
 * workers would race for the one cached session;</li>
 * <li>{@link Handshakes#FULL}: every connection gets a new {@link SSLContext} (the key
 * and trust managers are shared, built once), so its session cache is empty and nothing
 * can be resumed: a full handshake each time.</li>
 * </ul>
 * Which one actually happened is counted, not assumed: a full handshake makes the client
 * check the server's certificate chain, which a resumed one does not (the server sends no
 * certificate), so the trust manager here counts the checks, and the phase's note reports
 * connections, full handshakes and resumptions.
 */
final class TlsTransport implements Transport {

	/** How connections get their TLS session. */
	enum Handshakes {

		/** One shared client session cache: sessions are resumed. */
		RESUMED,

		/** A new, empty session cache per connection: a full handshake every time. */
		FULL

	}

	private final X509KeyManager keys;

	private final CountingTrust trust;

	private final Handshakes handshakes;

	/** The RESUMED transport's context of each worker thread. */
	private final ThreadLocal<SSLContext> perWorker;

	private final AtomicLong connections = new AtomicLong();

	/** The protocol and cipher suite the last connection negotiated, for the note. */
	private volatile String negotiated = "";

	TlsTransport(X509KeyManager keys, X509ExtendedTrustManager trust, Handshakes handshakes) {
		this.keys = keys;
		this.trust = new CountingTrust(trust);
		this.handshakes = handshakes;
		this.perWorker = (handshakes == Handshakes.RESUMED) ? ThreadLocal.withInitial(this::newContext) : null;
	}

	@Override
	public Socket open(URI node, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
		SSLContext context = (this.perWorker != null) ? this.perWorker.get() : newContext();
		Socket plain = Transport.connect(node, connectTimeoutMillis, readTimeoutMillis);
		try {
			SSLSocket socket = (SSLSocket) context.getSocketFactory()
				.createSocket(plain, node.getHost(), node.getPort(), true);
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			socket.setSSLParameters(parameters);
			socket.startHandshake();
			this.connections.incrementAndGet();
			this.negotiated = socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			plain.close();
			throw ex;
		}
	}

	Handshakes handshakes() {
		return this.handshakes;
	}

	/**
	 * Connections opened and full handshakes since the last call, and resets both.
	 */
	Counts takeCounts() {
		return new Counts(this.connections.getAndSet(0), this.trust.checks.getAndSet(0), this.negotiated);
	}

	private SSLContext newContext() {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(new KeyManager[] { this.keys }, new TrustManager[] { this.trust }, null);
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new BenchmarkException("cannot set up TLS: " + ex, ex);
		}
	}

	/**
	 * TLS connections opened, and how many of them checked the server's certificate (a
	 * full handshake); the rest resumed a session. {@code negotiated} is the protocol and
	 * cipher suite of the last one, or empty.
	 */
	record Counts(long connections, long fullHandshakes, String negotiated) {

		long resumed() {
			return Math.max(0, this.connections - this.fullHandshakes);
		}

		/** For the phase's note. */
		String describe() {
			return String.format(Locale.ROOT, "%,d TLS connections: %,d full handshakes, %,d resumed sessions%s",
					this.connections, this.fullHandshakes, resumed(),
					this.negotiated.isEmpty() ? "" : " (" + this.negotiated + ")");
		}

	}

	/**
	 * The JDK's PKIX trust manager, counting how often it checks a server's chain: once
	 * per full handshake, never for a resumed session.
	 */
	private static final class CountingTrust extends X509ExtendedTrustManager {

		private final X509ExtendedTrustManager delegate;

		private final AtomicLong checks = new AtomicLong();

		CountingTrust(X509ExtendedTrustManager delegate) {
			this.delegate = delegate;
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkServerTrusted(chain, authType, engine);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			this.checks.incrementAndGet();
			this.delegate.checkServerTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			throw new CertificateException("a client trust manager");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			throw new CertificateException("a client trust manager");
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw new CertificateException("a client trust manager");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return this.delegate.getAcceptedIssuers();
		}

	}

}
