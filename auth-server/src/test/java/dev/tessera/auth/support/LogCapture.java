package dev.tessera.auth.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A copy of everything this test JVM writes to standard output and standard error (every
 * log line of every server it starts: Logback's console appender writes to whatever
 * {@code System.out} is at the time), in
 * {@code target/log-scan/<build>/captured-<pid>.log} ({@link LogScanRun}), for the scan
 * for secrets after the build's tests. Installed by {@link LogCaptureSession} when the
 * JUnit launcher session opens, before the first test. Unbuffered: the lines of contexts
 * closed by shutdown hooks, after the last test, are in the file too.
 */
public final class LogCapture {

	private static volatile Path file;

	private static OutputStream copy;

	private LogCapture() {
	}

	/** Starts copying standard output and error to a file (once per JVM). */
	public static synchronized void install() {
		if (file != null) {
			return;
		}
		try {
			Path target = LogScanRun.file("captured", "log");
			copy = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			System.setOut(new PrintStream(new Tee(System.out, copy), true));
			System.setErr(new PrintStream(new Tee(System.err, copy), true));
			file = target;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Whether the capture runs (it was installed when the session opened). */
	public static boolean installed() {
		return file != null;
	}

	/** The captured output of this JVM so far. */
	public static Path file() {
		return file;
	}

	/** Writes to the original stream and to the copy. */
	private static final class Tee extends OutputStream {

		private final OutputStream original;

		private final OutputStream copy;

		Tee(OutputStream original, OutputStream copy) {
			this.original = original;
			this.copy = copy;
		}

		@Override
		public void write(int b) throws IOException {
			this.original.write(b);
			synchronized (this.copy) {
				this.copy.write(b);
			}
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.original.write(b, off, len);
			synchronized (this.copy) {
				this.copy.write(b, off, len);
			}
		}

		@Override
		public void flush() throws IOException {
			this.original.flush();
		}

	}

}
