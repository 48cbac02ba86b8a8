package dev.tessera.auth.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.tessera.auth.web.RequestContext;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Where the rest of the server records what happened. It fills in the event's id,
 * microsecond timestamp, correlation id and source address from the current request, and
 * hands it to the {@link AuditEventSink} (the writer). {@link #recordAndWait} returns
 * only once the event is committed, so a caller can refuse to proceed when it is not.
 */
public class AuditTrail {

	private final AuditEventSink writer;

	private final Clock clock;

	private final Duration waitTimeout;

	public AuditTrail(AuditEventSink writer, Clock clock, Duration waitTimeout) {
		this.writer = writer;
		this.clock = clock;
		this.waitTimeout = waitTimeout;
	}

	/** Who did it. */
	public record Actor(String name, String type) {

		public static Actor client(String clientId) {
			return new Actor(clientId, "client");
		}

		public static Actor user(String username) {
			return new Actor(username, "user");
		}

		public static Actor system(String component) {
			return new Actor(component, "system");
		}

		public static Actor anonymous() {
			return new Actor(null, "anonymous");
		}

	}

	/** Queues the event without waiting. */
	public CompletableFuture<Void> record(String operation, AuditOutcome outcome, Actor actor,
			Map<String, Object> detail, String payloadRef) {
		return submit(operation, outcome, actor, detail, payloadRef, List.of()).thenApply(receipt -> null);
	}

	/**
	 * Queues the event without waiting, telling what became of it:
	 * {@link AuditReceipt#SHED} when the writer shed it (see {@link UnrecordedEvents} to
	 * say so in the log).
	 */
	public CompletableFuture<AuditReceipt> recordWithReceipt(String operation, AuditOutcome outcome, Actor actor,
			Map<String, Object> detail) {
		return submit(operation, outcome, actor, detail, null, List.of());
	}

	private CompletableFuture<AuditReceipt> submit(String operation, AuditOutcome outcome, Actor actor,
			Map<String, Object> detail, String payloadRef, List<JoinedWrite<?>> writes) {
		RequestContext context = RequestContext.current();
		AuditEvent event = new AuditEvent(TimeOrderedIds.next(), this.clock.instant().truncatedTo(ChronoUnit.MICROS),
				context.correlationId(), cap(actor.name()), actor.type(), operation, context.sourceIp(), outcome,
				detail, cap(payloadRef));
		return this.writer.submit(event, writes);
	}

	/**
	 * Records the event and waits until it is durable.
	 * @throws AuditUnavailableException if it could not be stored in time
	 */
	public void recordAndWait(String operation, AuditOutcome outcome, Actor actor, Map<String, Object> detail,
			String payloadRef) {
		await(submit(operation, outcome, actor, detail, payloadRef, List.of()));
	}

	/**
	 * Records the event with writes that must commit in its transaction (a used client
	 * assertion, say), and waits until it is durable.
	 * @return whether the writes applied, or one was refused and the event recorded as
	 * that refusal: the caller then refuses its request
	 * @throws AuditUnavailableException if it could not be stored in time
	 */
	public AuditReceipt recordAndWait(String operation, AuditOutcome outcome, Actor actor, Map<String, Object> detail,
			String payloadRef, List<JoinedWrite<?>> writes) {
		return await(submit(operation, outcome, actor, detail, payloadRef, writes));
	}

	/**
	 * Waits for a queued event.
	 * @throws AuditUnavailableException if it could not be stored in time
	 */
	public <T> T await(CompletableFuture<T> recorded) {
		try {
			return recorded.get(this.waitTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof AuditUnavailableException unavailable) ? unavailable
					: new AuditUnavailableException("The audit store failed", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AuditUnavailableException("The audit store did not answer in time", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AuditUnavailableException("Interrupted while auditing", ex);
		}
	}

	/** Column width of principal and payload_ref: longer names are cut, never refused. */
	static String cap(String value) {
		return (value != null && value.length() > 200) ? value.substring(0, 200) : value;
	}

	/** The caller of the current request, as far as it has been authenticated. */
	public static Actor currentActor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken jwt) {
			String clientId = jwt.getToken().getClaimAsString("client_id");
			String subject = jwt.getToken().getSubject();
			return (clientId != null && clientId.equals(subject)) ? Actor.client(clientId) : Actor.user(subject);
		}
		if (authentication instanceof OAuth2ClientAuthenticationToken client && client.isAuthenticated()) {
			return Actor.client(client.getRegisteredClient().getClientId());
		}
		if (authentication != null && authentication.isAuthenticated()) {
			return Actor.user(authentication.getName());
		}
		return Actor.anonymous();
	}

}
