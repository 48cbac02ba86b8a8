package dev.tessera.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load generator: {@code connections} worker threads, each with one
 * request in flight on a kept-alive HTTP/1.1 connection of one JDK {@link HttpClient},
 * sending back to back until the phase ends. Closed loop means a slow server slows the
 * offered load (no coordinated-omission correction); the latencies are those each client
 * saw.
 */
final class LoadGenerator {

	/** Every n-th response of a worker (and its first) has its body checked. */
	private static final int VERIFY_EVERY = 50;

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private LoadGenerator() {
	}

	static HttpRequest.Builder newRequest(java.net.URI uri) {
		return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
	}

	/**
	 * Runs one phase.
	 * @param duration how long workers keep sending (bounded by the deadline); requests
	 * in flight at the end complete and count
	 */
	static LoadResult run(Workload workload, int connections, Duration duration, Deadline deadline) {
		deadline.check("starting a load phase");
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		AtomicLong sequence = new AtomicLong();
		CountDownLatch ready = new CountDownLatch(connections);
		CountDownLatch go = new CountDownLatch(1);
		List<Worker> workers = new ArrayList<>();
		for (int i = 0; i < connections; i++) {
			Worker worker = new Worker(http, workload, sequence, ready, go);
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
		finally {
			closeIfPossible(http);
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

	/** {@link HttpClient} is closeable from Java 21 on; on 17 its threads end with it. */
	private static void closeIfPossible(HttpClient http) {
		if (http instanceof AutoCloseable closeable) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// nothing to do
			}
		}
	}

	private static final class Worker implements Runnable {

		private final HttpClient http;

		private final Workload workload;

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

		Worker(HttpClient http, Workload workload, AtomicLong sequence, CountDownLatch ready, CountDownLatch go) {
			this.http = http;
			this.workload = workload;
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
				HttpRequest request;
				try {
					request = this.workload.request(this.sequence.getAndIncrement());
				}
				catch (RuntimeException ex) {
					this.requests++;
					error("request could not be built: " + ex.getClass().getSimpleName(), String.valueOf(ex));
					break;
				}
				long sent = System.nanoTime();
				try {
					HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
					this.latency.record(System.nanoTime() - sent);
					this.requests++;
					int status = response.statusCode();
					if (status / 100 != 2) {
						error("HTTP " + status,
								"HTTP " + status + " from " + request.uri() + ": " + abbreviate(response.body()));
					}
					else if (this.requests % VERIFY_EVERY == 1) {
						String problem = this.workload.verify(response);
						this.verified++;
						if (problem != null) {
							error("wrong body",
									problem + " from " + request.uri() + ": " + abbreviate(response.body()));
						}
					}
				}
				catch (IOException ex) {
					this.latency.record(System.nanoTime() - sent);
					this.requests++;
					error(ex.getClass().getSimpleName(), ex.toString());
				}
				catch (InterruptedException ex) {
					break;
				}
			}
			this.finishedAt = System.nanoTime();
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
