package dev.tessera.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection with blocking I/O, for the load generator: writes a
 * request, reads the status, the headers and the body (by {@code Content-Length} or
 * chunked) and keeps the connection for the next one. The JDK's {@code HttpClient} hands
 * every response between its selector thread and the caller, which on two shared cores
 * cost a third of the token rate at 8 connections; a thread blocked on its own socket
 * costs about what {@code wrk} does. Its socket comes from a {@link Transport}: plain
 * TCP, or TLS with a client certificate for the mTLS scenarios. Not a general client: no
 * redirects, no {@code 100-continue}.
 */
final class Http1Connection implements AutoCloseable {

	private static final int CONNECT_TIMEOUT_MS = 5_000;

	private static final int READ_TIMEOUT_MS = 30_000;

	private final URI node;

	private final Transport transport;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	/** A response: the status and the body as text. */
	record Response(int status, String body) {
	}

	Http1Connection(URI node) {
		this(node, Transport.PLAIN);
	}

	Http1Connection(URI node, Transport transport) {
		this.node = node;
		this.transport = transport;
	}

	/**
	 * Sends the request and reads the whole response. A kept-alive connection the server
	 * had closed before answering anything is reopened once (the request was not read);
	 * any other failure closes the connection and is thrown, never retried, since a POST
	 * may have been processed.
	 */
	Response exchange(byte[] request) throws IOException {
		boolean reused = this.socket != null;
		try {
			return send(request);
		}
		catch (ClosedBeforeAnswer ex) {
			close();
			if (!reused) {
				throw ex;
			}
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
		try {
			return send(request);
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private Response send(byte[] request) throws IOException {
		if (this.socket == null) {
			open();
		}
		this.out.write(request);
		this.out.flush();
		int status = parseStatus(readStatusLine());
		long length = -1;
		boolean chunked = false;
		boolean closeAfter = false;
		String line;
		while (!(line = readLine()).isEmpty()) {
			int colon = line.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).trim();
			switch (name) {
				case "content-length" -> length = parseLength(value);
				case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
				case "connection" -> closeAfter = value.equalsIgnoreCase("close");
				default -> {
				}
			}
		}
		String body = chunked ? readChunked() : readBody(length);
		if (closeAfter) {
			close();
		}
		return new Response(status, body);
	}

	private void open() throws IOException {
		Socket opened = this.transport.open(this.node, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);
		this.socket = opened;
		this.in = new BufferedInputStream(opened.getInputStream(), 16 * 1024);
		this.out = opened.getOutputStream();
	}

	private static long parseLength(String value) throws IOException {
		try {
			long length = Long.parseLong(value);
			if (length < 0) {
				throw new IOException("a negative Content-Length: " + value);
			}
			return length;
		}
		catch (NumberFormatException ex) {
			throw new IOException("a bad Content-Length: " + value, ex);
		}
	}

	private static int parseStatus(String statusLine) throws IOException {
		// HTTP/1.1 200 OK
		if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
			throw new IOException("not an HTTP/1.x status line: " + statusLine);
		}
		try {
			return Integer.parseInt(statusLine.substring(9, 12));
		}
		catch (NumberFormatException ex) {
			throw new IOException("bad status line: " + statusLine, ex);
		}
	}

	private String readBody(long length) throws IOException {
		if (length < 0) {
			throw new IOException("a response without Content-Length or chunked encoding");
		}
		return new String(readFully(checkedLength(length)), StandardCharsets.UTF_8);
	}

	private String readChunked() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine();
			int semicolon = sizeLine.indexOf(';');
			long size;
			try {
				size = Long.parseLong((semicolon >= 0) ? sizeLine.substring(0, semicolon).trim() : sizeLine.trim(), 16);
			}
			catch (NumberFormatException ex) {
				throw new IOException("bad chunk size: " + sizeLine, ex);
			}
			if (size == 0) {
				while (!readLine().isEmpty()) {
					// trailers
				}
				return body.toString(StandardCharsets.UTF_8);
			}
			if (size < 0) {
				throw new IOException("a negative chunk size: " + sizeLine);
			}
			body.write(readFully(checkedLength(size)));
			readLine(); // CRLF after the chunk
		}
	}

	private byte[] readFully(int length) throws IOException {
		byte[] bytes = this.in.readNBytes(length);
		if (bytes.length < length) {
			throw new EOFException("the body ended after " + bytes.length + " of " + length + " bytes");
		}
		return bytes;
	}

	private static int checkedLength(long length) throws IOException {
		if (length > 16 * 1024 * 1024) {
			throw new IOException("a response body of " + length + " bytes");
		}
		return (int) length;
	}

	/**
	 * The status line; {@link ClosedBeforeAnswer} if the connection ends before its first
	 * byte.
	 */
	private String readStatusLine() throws IOException {
		int first = this.in.read();
		if (first == -1) {
			throw new ClosedBeforeAnswer();
		}
		return (char) first + readLine();
	}

	/** A header line without its CRLF (ISO-8859-1, as HTTP/1.1 headers are). */
	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder(64);
		int b;
		while ((b = this.in.read()) != -1) {
			if (b == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) b);
		}
		throw new EOFException("the server closed the connection");
	}

	/** The server had closed the connection: nothing of an answer came back. */
	private static final class ClosedBeforeAnswer extends EOFException {

		ClosedBeforeAnswer() {
			super("the server closed the connection before answering");
		}

	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
		}
		this.socket = null;
		this.in = null;
		this.out = null;
	}

}
