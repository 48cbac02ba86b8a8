package dev.tessera.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * How {@link Http1Connection} opens its socket to a node: plain TCP for the {@code http}
 * scenarios, or TLS with a client certificate ({@link TlsTransport}) for the mTLS ones.
 * An opened socket is connected and, for TLS, past its handshake, so what a new
 * connection costs is in the latency of the request that opened it.
 */
@FunctionalInterface
interface Transport {

	/** Plain TCP, with Nagle off. */
	Transport PLAIN = Transport::connect;

	/**
	 * @return a connected socket (handshake done) with {@code readTimeoutMillis} set
	 */
	Socket open(URI node, int connectTimeoutMillis, int readTimeoutMillis) throws IOException;

	/** A TCP connection to the node, Nagle off, with the read timeout set. */
	static Socket connect(URI node, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
		Socket socket = new Socket();
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(readTimeoutMillis);
			socket.connect(new InetSocketAddress(node.getHost(), node.getPort()), connectTimeoutMillis);
			return socket;
		}
		catch (IOException | RuntimeException ex) {
			socket.close();
			throw ex;
		}
	}

}
