package dev.tessera.auth.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP forwarder in front of a real server, for outage tests: {@link #cut()}
 * drops every open connection and refuses new ones (as a database that went away looks to
 * a connection pool), {@link #restore()} accepts again. {@link #freeze()} keeps every
 * connection open but forwards nothing (a database that hangs, or a network that stalls
 * without a reset) until {@link #thaw()}; {@link #delay} holds each chunk of bytes back
 * for a while (a slow link).
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final InetSocketAddress target;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private volatile boolean cut;

	private volatile boolean frozen;

	private volatile long delayMillis;

	private final Object gate = new Object();

	public TcpProxy(String targetHost, int targetPort) {
		try {
			this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.target = new InetSocketAddress(targetHost, targetPort);
		Thread acceptor = new Thread(this::accept, "tcp-proxy-" + port());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * A proxy for the JDBC URL's server; {@link #jdbcUrl} gives the URL that goes through
	 * it.
	 */
	public static TcpProxy forJdbcUrl(String jdbcUrl) {
		String hostPort = jdbcUrl.substring("jdbc:postgresql://".length(),
				jdbcUrl.indexOf('/', "jdbc:postgresql://".length()));
		int colon = hostPort.lastIndexOf(':');
		return new TcpProxy(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
	}

	public String jdbcUrl(String original) {
		int start = "jdbc:postgresql://".length();
		return original.substring(0, start) + "127.0.0.1:" + port() + original.substring(original.indexOf('/', start));
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	public void cut() {
		this.cut = true;
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	public void restore() {
		this.cut = false;
	}

	/** From now on bytes in either direction are held, connections stay open. */
	public void freeze() {
		this.frozen = true;
	}

	/** Forwards again, the held bytes first. */
	public void thaw() {
		synchronized (this.gate) {
			this.frozen = false;
			this.gate.notifyAll();
		}
	}

	/** Each chunk forwarded from now on waits this long first ({@code ZERO}: none). */
	public void delay(Duration delay) {
		this.delayMillis = delay.toMillis();
	}

	private void passGate() throws InterruptedException {
		long delay = this.delayMillis;
		if (delay > 0) {
			Thread.sleep(delay);
		}
		synchronized (this.gate) {
			while (this.frozen) {
				this.gate.wait(1000);
			}
		}
	}

	private void accept() {
		while (!this.listener.isClosed()) {
			try {
				Socket client = this.listener.accept();
				if (this.cut) {
					closeQuietly(client);
					continue;
				}
				Socket server = new Socket();
				server.connect(this.target, 2000);
				this.open.add(client);
				this.open.add(server);
				pump(client, server);
				pump(server, client);
			}
			catch (IOException ex) {
				// listener closed, or the target refused: the client sees a dropped
				// connection
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					passGate();
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// either side went away
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() {
		thaw();
		cut();
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
