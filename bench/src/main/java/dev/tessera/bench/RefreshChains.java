package dev.tessera.bench;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * The refresh scenario's rotation chains, one per connection: each starts with the
 * authorization code flow (outside the timed requests) and then lives on the refresh
 * token of each answer, since the server rotates it on every use and refuses the old one.
 * A chain breaks when an answer is not a 200 with a new refresh token; the next request
 * of that connection first starts a new chain with the code flow, untimed but inside the
 * phase's wall time, and counts it. Chains still healthy at the end of a phase are kept
 * for the next phase of the same server, so only the first phase pays for the sign-ins.
 */
final class RefreshChains {

	/** Starts a chain: a fresh refresh token from the code flow. */
	@FunctionalInterface
	interface Starter {

		/**
		 * @param chain the chain's number, to pick a node round-robin
		 * @return a refresh token no one has used yet
		 */
		String start(long chain);

	}

	private final Starter starter;

	private final Queue<String> ready = new ConcurrentLinkedQueue<>();

	private final List<Chain> handedOut = new CopyOnWriteArrayList<>();

	private final AtomicInteger started = new AtomicInteger();

	private final AtomicLong restarts = new AtomicLong();

	RefreshChains(Starter starter) {
		this.starter = starter;
	}

	/** Chains of a server, each started by the code flow on one of its nodes. */
	static RefreshChains of(Target target) {
		if (target.refresh() == null) {
			throw new BenchmarkException(target.label() + " has no client and user for the refresh scenario");
		}
		CodeFlow flow = new CodeFlow(target.refresh(), target.issuer());
		return new RefreshChains((chain) -> flow.run(target.node(chain)).refreshToken());
	}

	/**
	 * Makes sure {@code count} chains are ready before a phase: reclaims the healthy ones
	 * of the last phase, and starts the rest.
	 * @return how many it started with the code flow
	 */
	int prepare(int count, Deadline deadline) {
		reclaim();
		int fresh = 0;
		while (this.ready.size() < count) {
			deadline.check("starting refresh chains");
			this.ready.add(this.starter.start(this.started.getAndIncrement()));
			fresh++;
		}
		return fresh;
	}

	/** A chain for one connection: a ready one, else one started on its first request. */
	Chain next() {
		Chain chain = new Chain(this.ready.poll());
		this.handedOut.add(chain);
		return chain;
	}

	/** Chains restarted during phases (after a break), since the last call. */
	long takeRestarts() {
		return this.restarts.getAndSet(0);
	}

	/** How many chains the code flow started, in all. */
	int started() {
		return this.started.get();
	}

	/**
	 * Puts the current refresh token of every chain whose last answer was good back in
	 * the ready queue. Call it only when no worker uses a chain any more (after the
	 * phase: the load generator has joined its workers).
	 */
	void reclaim() {
		for (Chain chain : this.handedOut) {
			if (chain.current != null && !chain.awaiting) {
				this.ready.add(chain.current);
			}
			chain.current = null;
		}
		this.handedOut.clear();
	}

	/**
	 * One connection's chain (used by that connection's worker thread only): the refresh
	 * token to send, and whether the answer to the last one came back good.
	 */
	final class Chain {

		private String current;

		private boolean awaiting;

		Chain(String current) {
			this.current = current;
		}

		/**
		 * The refresh token for the next request; when the last request got no good
		 * answer (an error status, an exception, a body without a new refresh token) the
		 * chain starts over with the code flow.
		 */
		String take() {
			if (this.awaiting) {
				this.current = null;
				this.awaiting = false;
			}
			if (this.current == null) {
				this.current = RefreshChains.this.starter.start(RefreshChains.this.started.getAndIncrement());
				RefreshChains.this.restarts.incrementAndGet();
			}
			this.awaiting = true;
			return this.current;
		}

		/**
		 * Reads a 2xx answer: keeps its refresh token as the chain's next one.
		 * @return {@code null} when it holds an access token and a new refresh token,
		 * else why not (and the chain is broken)
		 */
		String accept(String body) {
			String sent = this.current;
			this.awaiting = false;
			this.current = null;
			Map<String, Object> json;
			try {
				json = JSONObjectUtils.parse(body);
			}
			catch (ParseException ex) {
				return "no JSON in the token response";
			}
			if (!(json.get("access_token") instanceof String) || !(json.get("token_type") instanceof String)) {
				return "no access_token in the token response";
			}
			if (!(json.get("refresh_token") instanceof String refresh) || refresh.isEmpty()) {
				return "no refresh_token in the refresh response (the chain breaks)";
			}
			if (refresh.equals(sent)) {
				return "the refresh response gave back the same refresh token (not rotated)";
			}
			this.current = refresh;
			return null;
		}

	}

}
