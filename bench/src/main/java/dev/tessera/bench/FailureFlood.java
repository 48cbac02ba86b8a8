package dev.tessera.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failed client authentications sent as fast as {@value #THREADS} threads can, alongside
 * a scenario's load: {@code client_credentials} token requests with a wrong secret, half
 * for the benchmark's own client id and half for unknown ones, each from one of
 * {@value #ADDRESSES} addresses named in {@code X-Forwarded-For} (the server believes it
 * from loopback: {@code tessera.audit.trusted-proxies}). The measured client sends no
 * such header, so it is 127.0.0.1, an address the flood never uses. In a run with mTLS
 * scenarios ({@link Scenario#floodNamesAddresses}) the flood comes from 127.0.0.1 itself,
 * for unknown client ids only: the measured client, known there, is not slowed by that
 * address's bucket. The summary says how many failures were sent per second and how they
 * were answered (401 or 429).
 */
final class FailureFlood implements AutoCloseable {

	static final int THREADS = 4;

	static final int ADDRESSES = 1024;

	private static final FailureFlood NONE = new FailureFlood();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();

	private final List<Thread> threads = new ArrayList<>();

	private final long started = System.nanoTime();

	private long stopped;

	private final String from;

	private FailureFlood() {
		this("");
	}

	private FailureFlood(String from) {
		this.from = from;
	}

	/**
	 * A flood against the target's first node when {@code flood}, else nothing; from the
	 * addresses of {@code X-Forwarded-For} when {@code namesAddresses}, else from
	 * loopback.
	 */
	static FailureFlood startIf(boolean flood, Target target, boolean namesAddresses) {
		if (!flood) {
			return NONE;
		}
		FailureFlood failures = new FailureFlood(namesAddresses ? ADDRESSES + " addresses" : "from loopback");
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		for (int t = 0; t < THREADS; t++) {
			int thread = t;
			Thread sender = new Thread(() -> failures.send(client, target, thread, namesAddresses),
					"failure-flood-" + t);
			sender.setDaemon(true);
			failures.threads.add(sender);
			sender.start();
		}
		return failures;
	}

	private void send(HttpClient client, Target target, int thread, boolean namesAddresses) {
		URI token = target.node(0).resolve("/oauth2/token");
		String body = HttpForms.form("grant_type", "client_credentials", "scope", Workloads.SCOPE);
		for (long i = thread; this.running.get(); i += THREADS) {
			String clientId = (namesAddresses && i % 2 == 0) ? target.clientId() : "unknown-" + (i % 64);
			int address = (int) (i % ADDRESSES);
			HttpRequest.Builder builder = HttpRequest.newBuilder(token)
				.timeout(Duration.ofSeconds(10))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Authorization", HttpForms.basic(clientId, "wrong-secret-" + i));
			if (namesAddresses) {
				builder.header("X-Forwarded-For", "10.77." + (address >> 8) + "." + (address & 0xff));
			}
			HttpRequest request = builder.POST(HttpRequest.BodyPublishers.ofString(body)).build();
			String answer;
			try {
				answer = Integer.toString(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				answer = ex.getClass().getSimpleName();
			}
			this.answers.computeIfAbsent(answer, key -> new AtomicLong()).incrementAndGet();
		}
	}

	/**
	 * What the flood sent while it ran, e.g.
	 * {@code failure flood: 1,234.5 failed authentications/s (401: 2,000, 429: 10,000)}.
	 */
	String summary() {
		if (this == NONE) {
			return "";
		}
		long end = (this.stopped != 0) ? this.stopped : System.nanoTime();
		Map<String, Long> counts = new TreeMap<>();
		this.answers.forEach((answer, count) -> counts.put(answer, count.get()));
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		StringBuilder byAnswer = new StringBuilder();
		counts.forEach((answer, count) -> byAnswer.append(byAnswer.isEmpty() ? "" : ", ")
			.append(String.format(Locale.ROOT, "%s: %,d", answer, count)));
		return String.format(Locale.ROOT,
				"failure flood alongside (%d threads, %s): %,.1f failed" + " authentications/s (%s)", THREADS,
				this.from, total / ((end - this.started) / 1e9), byAnswer);
	}

	@Override
	public void close() {
		if (this == NONE) {
			return;
		}
		this.running.set(false);
		for (Thread thread : this.threads) {
			try {
				thread.join(15_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.stopped = System.nanoTime();
	}

}
