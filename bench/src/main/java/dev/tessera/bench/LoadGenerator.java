package dev.tessera.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load generator: {@code connections} worker threads, each with one
 * request in flight on its own kept-alive HTTP/1.1 connection to each node
 * ({@link Http1Connection}, blocking I/O, over the workload's {@link Transport}), sending
 * back to back until the phase ends; a workload that sends {@code Connection: close} gets
 * a new connection per request instead. Closed loop means a slow server slows the offered
 * load (no coordinated-omission correction); the latencies are those each client saw,
 * from the first byte written to the last byte read.
 */
final class LoadGenerator {

	/**
	 * Every n-th response of a worker (and its first) has its body checked; every one
	 * when the workload builds requests from answers.
	 */
	private static final int VERIFY_EVERY = 50;

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private LoadGenerator() {
	}

	/**
	 * A request for the benchmark's own set-up calls (admin API, probes), not for load
	 * phases.
	 */
	static HttpRequest.Builder newRequest(URI uri) {
		return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
	}

	/**
	 * Runs one phase.
	 * @param duration how long workers keep sending (bounded by the deadline); requests
	 * in flight at the end complete and count
	 */
	static LoadResult run(Workload workload, int connections, Duration duration, Deadline deadline) {
		deadline.check("starting a load phase");
		AtomicLong sequence = new AtomicLong();
		CountDownLatch ready = new CountDownLatch(connections);
		CountDownLatch go = new CountDownLatch(1);
		List<Worker> workers = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Worker worker = new Worker(workload.forConnection(), sequence, ready, go);
			workers.add(worker);
			Thread thread = new Thread(worker, "load-" + i);
			thread.setDaemon(true);
			worker.thread = thread;
			thread.start();
		}
		try {
			ready.await();
			long start = System.nanoTime();
			long end = deadline.endOr(duration.toNanos());
			workers.forEach(w -> w.endNanos = end);
			go.countDown();
			for (Worker worker : workers) {
				worker.thread.join();
			}
			long elapsed = workers.stream().mapToLong(w -> w.finishedAt).max().orElse(start) - start;
			return merge(connections, workers, Duration.ofNanos(Math.max(1, elapsed)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			workers.forEach(w -> w.thread.interrupt());
			throw new BenchmarkException("interrupted during a load phase", ex);
		}
	}

	private static LoadResult merge(int connections, List<Worker> workers, Duration elapsed) {
		LatencyStats latency = new LatencyStats();
		Map<String, Long> kinds = new TreeMap<>();
		long requests = 0;
		long errors = 0;
		long verified = 0;
		String firstError = null;
		for (Worker worker : workers) {
			latency.add(worker.latency);
			requests += worker.requests;
			errors += worker.errors;
			verified += worker.verified;
			worker.errorKinds.forEach((k, v) -> kinds.merge(k, v, Long::sum));
			if (firstError == null) {
				firstError = worker.firstError;
			}
		}
		return new LoadResult(connections, requests, errors, elapsed, latency, kinds, firstError, verified);
	}

	private static final class Worker implements Runnable {

		/** One connection per node this worker talks to. */
		private final Map<URI, Http1Connection> connections = new HashMap<>();

		private final Workload workload;

		/** A workload that builds each request from the last answer reads every one. */
		private final boolean verifyAll;

		private final AtomicLong sequence;

		private final CountDownLatch ready;

		private final CountDownLatch go;

		private final LatencyStats latency = new LatencyStats();

		private final Map<String, Long> errorKinds = new TreeMap<>();

		private volatile long endNanos;

		private Thread thread;

		private long requests;

		private long errors;

		private long verified;

		private String firstError;

		private long finishedAt;

		Worker(Workload workload, AtomicLong sequence, CountDownLatch ready, CountDownLatch go) {
			this.workload = workload;
			this.verifyAll = workload.verifiesEveryResponse();
			this.sequence = sequence;
			this.ready = ready;
			this.go = go;
		}

		@Override
		public void run() {
			this.ready.countDown();
			try {
				this.go.await();
			}
			catch (InterruptedException ex) {
				return;
			}
			long end = this.endNanos;
			while (System.nanoTime() - end < 0 && !Thread.currentThread().isInterrupted()) {
				LoadRequest request;
				byte[] bytes;
				try {
					request = this.workload.request(this.sequence.getAndIncrement());
					bytes = request.encode();
				}
				catch (RuntimeException ex) {
					this.requests++;
					error("request could not be built: " + ex.getClass().getSimpleName(), String.valueOf(ex));
					break;
				}
				Http1Connection connection = this.connections.computeIfAbsent(nodeOf(request.uri()),
						(node) -> new Http1Connection(node, this.workload.transport()));
				long sent = System.nanoTime();
				try {
					Http1Connection.Response response = connection.exchange(bytes);
					this.latency.record(System.nanoTime() - sent);
					this.requests++;
					int status = response.status();
					if (status / 100 != 2) {
						error("HTTP " + status,
								"HTTP " + status + " from " + request.uri() + ": " + abbreviate(response.body()));
					}
					else if (this.verifyAll || this.requests % VERIFY_EVERY == 1) {
						String problem = this.workload.verify(response.body());
						this.verified++;
						if (problem != null) {
							error("wrong body",
									problem + " from " + request.uri() + ": " + abbreviate(response.body()));
						}
					}
				}
				catch (IOException | RuntimeException ex) {
					this.latency.record(System.nanoTime() - sent);
					this.requests++;
					error(ex.getClass().getSimpleName(), ex.toString());
				}
			}
			this.finishedAt = System.nanoTime();
			this.connections.values().forEach(Http1Connection::close);
		}

		private static URI nodeOf(URI uri) {
			return URI.create(uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort());
		}

		private void error(String kind, String detail) {
			this.errors++;
			this.errorKinds.merge(kind, 1L, Long::sum);
			if (this.firstError == null) {
				this.firstError = detail;
			}
		}

		private static String abbreviate(String body) {
			if (body == null) {
				return "";
			}
			return (body.length() > 300) ? body.substring(0, 300) + "..." : body;
		}

	}

}
