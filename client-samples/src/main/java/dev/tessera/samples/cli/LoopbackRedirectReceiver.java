package dev.tessera.samples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The redirect URI of a native app (RFC 8252 §7.3): a JDK {@link HttpServer} listening on
 * the loopback IP literal {@code 127.0.0.1} (not {@code localhost}, which may resolve
 * elsewhere or to IPv6, §8.3) on a port the system picks, at {@code /callback}. Tessera
 * has {@code http://127.0.0.1/callback} registered and accepts any port for it.
 * <p>
 * Each {@code GET /callback} is checked by the given {@link CallbackCheck}. A callback
 * that is not this sign-in's ({@link NotThisSignIn}: another {@code state}, no
 * authorization response at all) gets a {@code 400} page and changes nothing, so a page
 * that sends the browser here cannot end the login. The first callback that is this
 * sign-in's decides it, in success or refusal (an error from Tessera, another
 * {@code iss}); the browser gets a small page saying whether it worked, and any later
 * callback is turned away. Requests for other paths (a browser's {@code /favicon.ico}) do
 * not count. Requests are handled by a few threads of their own, so one connection that
 * stalls does not hold up the others, and the listener is closed as soon as the sign-in
 * ends, so it is open only while a person is signing in.
 *
 * @param <T> what a successful callback gives (the authorization code)
 */
final class LoopbackRedirectReceiver<T> implements AutoCloseable {

	static final String PATH = "/callback";

	/** A browser opens a few connections at most; a stalled one takes one thread. */
	private static final int HANDLER_THREADS = 4;

	private static final String SIGNED_IN = page("Signed in",
			"You are signed in to the Tessera command-line tool. You can close this window.");

	private static final String REFUSED = page("Sign-in failed",
			"The command-line tool did not accept this answer. See the terminal for why.");

	private static final String NOT_THIS_SIGN_IN = page("Not this sign-in",
			"This answer does not belong to the sign-in the command-line tool is waiting for. It was ignored.");

	private static final String ALREADY_ANSWERED = page("Already answered",
			"This sign-in has already been answered. See the terminal.");

	private final HttpServer server;

	private final ExecutorService executor;

	private final CallbackCheck<T> check;

	private final URI redirectUri;

	private final AtomicBoolean answered = new AtomicBoolean();

	private final CompletableFuture<T> result = new CompletableFuture<>();

	private LoopbackRedirectReceiver(HttpServer server, ExecutorService executor, CallbackCheck<T> check) {
		this.server = server;
		this.executor = executor;
		this.check = check;
		this.redirectUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
	}

	/** Starts listening on {@code 127.0.0.1} on an ephemeral port. */
	static <T> LoopbackRedirectReceiver<T> start(CallbackCheck<T> check) throws IOException {
		InetAddress loopback = InetAddress.getByAddress("127.0.0.1", new byte[] { 127, 0, 0, 1 });
		HttpServer server = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
		ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, (task) -> {
			Thread thread = new Thread(task, "tessera-cli-callback");
			thread.setDaemon(true);
			return thread;
		});
		LoopbackRedirectReceiver<T> receiver = new LoopbackRedirectReceiver<>(server, executor, check);
		server.createContext(PATH, receiver::handle);
		server.setExecutor(executor);
		server.start();
		return receiver;
	}

	/** {@code http://127.0.0.1:<port>/callback}, for the authorization request. */
	URI redirectUri() {
		return this.redirectUri;
	}

	/**
	 * Waits for the callback.
	 * @return what the check made of it
	 * @throws CliException when the check refused it, or nothing came in time
	 */
	T await(Duration timeout) throws CliException {
		try {
			return this.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new CliException("No sign-in came back within " + timeout.toSeconds() + " s; run login again.");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof CliException refusal) {
				throw refusal;
			}
			throw new CliException("The sign-in answer could not be handled: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CliException("Interrupted while waiting for the sign-in", ex);
		}
	}

	@Override
	public void close() {
		// at once: every answer that decided the sign-in was written before it was handed
		// to the waiter
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			if (!"GET".equals(exchange.getRequestMethod())) {
				exchange.getResponseHeaders().set("Allow", "GET");
				send(exchange, 405, page("Not allowed", "Only GET."));
				return;
			}
			if (!PATH.equals(exchange.getRequestURI().getPath())) {
				send(exchange, 404, page("Not found", "Nothing here."));
				return;
			}
			if (this.answered.get()) {
				send(exchange, 409, ALREADY_ANSWERED);
				return;
			}
			decide(exchange);
		}
		finally {
			exchange.close();
		}
	}

	/**
	 * A callback: checked; ignored when not this sign-in's; else, if it is the first to
	 * decide, answered to the browser and then handed to the waiter.
	 */
	private void decide(HttpExchange exchange) throws IOException {
		URI callback = this.redirectUri.resolve(exchange.getRequestURI());
		T value;
		try {
			value = this.check.check(callback);
		}
		catch (NotThisSignIn ex) {
			send(exchange, 400, NOT_THIS_SIGN_IN);
			return;
		}
		catch (CliException | RuntimeException ex) {
			if (!this.answered.compareAndSet(false, true)) {
				send(exchange, 409, ALREADY_ANSWERED);
				return;
			}
			try {
				send(exchange, 400, REFUSED);
			}
			finally {
				this.result.completeExceptionally(ex);
			}
			return;
		}
		if (!this.answered.compareAndSet(false, true)) {
			send(exchange, 409, ALREADY_ANSWERED);
			return;
		}
		try {
			send(exchange, 200, SIGNED_IN);
		}
		finally {
			this.result.complete(value);
		}
	}

	private static void send(HttpExchange exchange, int status, String html) throws IOException {
		byte[] body = html.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		// a static page: no scripts, no external resources, the code in the URL goes
		// nowhere
		exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'");
		exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
		exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static String page(String title, String text) {
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
				+ " · Tessera CLI</title></head><body><h1>" + title + "</h1><p>" + text + "</p></body></html>";
	}

	/**
	 * A callback that is not the awaited sign-in's: turned away without ending it.
	 */
	static final class NotThisSignIn extends CliException {

		private static final long serialVersionUID = 1L;

		NotThisSignIn(String message) {
			super(message);
		}

	}

	/**
	 * Decides what a callback means: a value to continue with, a refusal that ends the
	 * sign-in, or {@link NotThisSignIn}.
	 *
	 * @param <T> the value
	 */
	@FunctionalInterface
	interface CallbackCheck<T> {

		T check(URI callback) throws CliException;

	}

}
