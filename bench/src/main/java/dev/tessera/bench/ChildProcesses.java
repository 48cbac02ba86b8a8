package dev.tessera.bench;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Everything a run started outside its own threads (server JVMs, PostgreSQL, the loopback
 * JWKS server), closed in reverse order when the run ends, fails, hits its time limit, or
 * the JVM is asked to exit (a shutdown hook), so no server outlives the benchmark.
 */
final class ChildProcesses implements AutoCloseable {

	private final Deque<AutoCloseable> resources = new ArrayDeque<>();

	private final Thread hook = new Thread(this::closeQuietly, "tessera-bench-cleanup");

	private boolean closed;

	ChildProcesses() {
		Runtime.getRuntime().addShutdownHook(this.hook);
	}

	synchronized <T extends AutoCloseable> T add(T resource) {
		if (this.closed) {
			closeOne(resource);
			throw new BenchmarkException("the run is over; not starting more processes");
		}
		this.resources.push(resource);
		return resource;
	}

	@Override
	public void close() {
		closeQuietly();
		try {
			Runtime.getRuntime().removeShutdownHook(this.hook);
		}
		catch (IllegalStateException ex) {
			// the JVM is already shutting down and runs the hook itself
		}
	}

	void closeQuietly() {
		while (true) {
			AutoCloseable next;
			synchronized (this) {
				this.closed = true;
				next = this.resources.poll();
			}
			if (next == null) {
				return;
			}
			closeOne(next);
		}
	}

	private static void closeOne(AutoCloseable resource) {
		try {
			resource.close();
		}
		catch (Exception ex) {
			Log.line("could not stop " + resource + ": " + ex);
		}
	}

}
