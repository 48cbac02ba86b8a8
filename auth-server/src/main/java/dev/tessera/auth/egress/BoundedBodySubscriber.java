package dev.tessera.auth.egress;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a byte limit and gives up (cancelling the exchange) the
 * moment it grows past it, so a hostile or broken server can neither fill the heap nor
 * keep a thread reading. Non-blocking: the caller bounds the whole exchange, body
 * included, with one deadline on the returned future (a request timeout alone stops
 * counting once the headers have arrived).
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

	private final int limit;

	/** Set when nothing is to be read: the body completes with this at once. */
	private final EgressException refusal;

	private final boolean discard;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final CompletableFuture<byte[]> body = new CompletableFuture<>();

	private Flow.Subscription subscription;

	private BoundedBodySubscriber(int limit, EgressException refusal, boolean discard) {
		this.limit = limit;
		this.refusal = refusal;
		this.discard = discard;
	}

	/** Reads at most {@code limit} bytes; more fails the exchange. */
	static HttpResponse.BodySubscriber<byte[]> limitedTo(int limit) {
		return new BoundedBodySubscriber(limit, null, false);
	}

	/** Reads nothing and yields a null body: for answers whose body is of no interest. */
	static HttpResponse.BodySubscriber<byte[]> discarding() {
		return new BoundedBodySubscriber(0, null, true);
	}

	/** Reads nothing and fails the exchange at once: for a body declared too large. */
	static HttpResponse.BodySubscriber<byte[]> refusing(EgressException refusal) {
		return new BoundedBodySubscriber(0, refusal, false);
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (this.discard || this.refusal != null) {
			subscription.cancel();
			if (this.refusal != null) {
				this.body.completeExceptionally(this.refusal);
			}
			else {
				this.body.complete(null);
			}
			return;
		}
		subscription.request(1);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		if (this.body.isDone()) {
			return;
		}
		for (ByteBuffer buffer : buffers) {
			if (this.bytes.size() + buffer.remaining() > this.limit) {
				this.subscription.cancel();
				this.body.completeExceptionally(tooLarge(this.limit));
				return;
			}
			byte[] chunk = new byte[buffer.remaining()];
			buffer.get(chunk);
			this.bytes.write(chunk, 0, chunk.length);
		}
		this.subscription.request(1);
	}

	@Override
	public void onError(Throwable throwable) {
		this.body.completeExceptionally(throwable);
	}

	@Override
	public void onComplete() {
		this.body.complete(this.bytes.toByteArray());
	}

	@Override
	public CompletionStage<byte[]> getBody() {
		return this.body;
	}

	static EgressException tooLarge(int limit) {
		return new EgressException("Refused: the response is larger than " + (limit / 1024) + " KiB");
	}

}
