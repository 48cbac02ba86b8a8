package dev.tessera.auth.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditReceipt;
import dev.tessera.auth.audit.AuditText;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.audit.JoinedWrite;
import dev.tessera.auth.audit.UnrecordedEvents;
import dev.tessera.auth.client.assertion.AssertionReplayGuard;
import dev.tessera.auth.client.certificate.CertificateThumbprints;
import dev.tessera.auth.tls.ClientCertificates;
import dev.tessera.auth.token.GrantAuditDetail;
import dev.tessera.auth.web.ErrorResponses;

import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;

/**
 * What the protocol endpoints' handlers share to record their one audit event per
 * request: the operation of the endpoint, the client id an unauthenticated caller
 * claimed, and, where the request answers only ({@link ProtocolEndpoints#answersOnly}),
 * the single use of the client's assertion committed with the event.
 */
public class ProtocolAuditing {

	private static final Logger log = LoggerFactory.getLogger(ProtocolAuditing.class);

	/** The detail key of the client id an unauthenticated caller claimed. */
	static final String CLAIMED_CLIENT_ID = "claimedClientId";

	/**
	 * The detail key of the SHA-256 thumbprint of the client certificate an mTLS client
	 * authentication presented (never the certificate).
	 */
	static final String X5T_S256 = "x5t#S256";

	/** How Spring's converter splits the header (precompiled here). */
	private static final Pattern WHITESPACE = Pattern.compile("\\s");

	private final AuditTrail trail;

	private final AuditCounters counters;

	private final ProtocolEndpoints endpoints;

	private final AssertionReplayGuard replayGuard;

	private final UnrecordedEvents unrecorded = new UnrecordedEvents("Protocol audit events");

	public ProtocolAuditing(AuditTrail trail, AuditCounters counters, ProtocolEndpoints endpoints,
			AssertionReplayGuard replayGuard) {
		this.trail = trail;
		this.counters = counters;
		this.endpoints = endpoints;
		this.replayGuard = replayGuard;
	}

	/**
	 * Records the event of a request the client authenticated, and waits until it is
	 * durable: with the use of the client's assertion where the request answers only (the
	 * client-authentication success handler committed it already everywhere else).
	 * @return a refusal ({@link AuditReceipt#refused()}) if an assertion was used before:
	 * the request must be refused as the refusal says
	 * @throws AuditUnavailableException if the event could not be stored in time
	 */
	AuditReceipt recordAndWait(HttpServletRequest request, OAuth2ClientAuthenticationToken client, String operation,
			AuditOutcome outcome, Map<String, Object> detail, String payloadRef) {
		return recordAndWait(request, client, operation, outcome, detail, payloadRef, List.of());
	}

	/**
	 * As above, with the writes the grant needs committed with the event too
	 * ({@link GrantAuditDetail#joinedWrites()}).
	 */
	AuditReceipt recordAndWait(HttpServletRequest request, OAuth2ClientAuthenticationToken client, String operation,
			AuditOutcome outcome, Map<String, Object> detail, String payloadRef, List<JoinedWrite<?>> grantWrites) {
		List<JoinedWrite<?>> writes = new ArrayList<>(grantWrites);
		if (this.endpoints.answersOnly(request)) {
			writes.addAll(this.replayGuard.joinedUse(client));
		}
		return this.trail.recordAndWait(operation, outcome, Actor.client(client.getRegisteredClient().getClientId()),
				withCertificate(client, detail), payloadRef, writes);
	}

	/**
	 * The detail with the thumbprint of the certificate the client authenticated with,
	 * for an RFC 8705 client authentication.
	 */
	private static Map<String, Object> withCertificate(OAuth2ClientAuthenticationToken client,
			Map<String, Object> detail) {
		if (!(client.getCredentials() instanceof X509Certificate[] chain) || chain.length == 0) {
			return detail;
		}
		Map<String, Object> withThumbprint = new HashMap<>(detail);
		withThumbprint.put(X5T_S256, CertificateThumbprints.of(chain[0]));
		return withThumbprint;
	}

	/** The thumbprint of the client certificate the request carries, if any. */
	static Optional<String> presentedCertificate(HttpServletRequest request) {
		List<X509Certificate> chain = ClientCertificates.of(request);
		return chain.isEmpty() ? Optional.empty() : Optional.of(CertificateThumbprints.of(chain.get(0)));
	}

	/** Records the event, logging rather than failing when the store cannot take it. */
	void recordQuietly(String operation, AuditOutcome outcome, Actor actor, Map<String, Object> detail,
			String payloadRef) {
		try {
			this.trail.recordAndWait(operation, outcome, actor, detail, payloadRef);
		}
		catch (AuditUnavailableException ex) {
			log.error("Audit event {} ({}) could not be stored: {}", operation, outcome.value(), ex.getMessage());
		}
	}

	/**
	 * Queues the event without waiting for it (logging, rate-limited, if it is shed or
	 * cannot be stored).
	 */
	void recordWithoutWaiting(String operation, AuditOutcome outcome, Actor actor, Map<String, Object> detail) {
		this.unrecorded.watch(this.trail.recordWithReceipt(operation, outcome, actor, detail), operation, 1);
	}

	/**
	 * A failed client authentication, by an {@code anonymous} caller: counted, not
	 * recorded one by one (anyone can fail as often as they like), into one event per
	 * interval, claimed client id, address and detail ({@link AuditCounters}). Neither a
	 * write nor a wait per attempt.
	 */
	void failedAuthentication(HttpServletRequest request, Map<String, Object> detail) {
		this.counters.count(operationOf(request), AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
				claimed(request, detail));
	}

	/**
	 * A request refused by the client authentication throttle, counted like a failed
	 * authentication, with the bucket that refused it ({@code reason}), by operation,
	 * address and reason only.
	 */
	void throttled(HttpServletRequest request, String reason) {
		// without the claimed client id: a refusal is free for the caller, so anyone
		// could
		// otherwise make one counter event per made-up id
		this.counters.count(operationOf(request), AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
				Map.of("error", ErrorResponses.TOO_MANY_REQUESTS, "stage", "client_authentication", "reason", reason));
	}

	/** The audit operation of the request's endpoint. */
	String operationOf(HttpServletRequest request) {
		return this.endpoints.operationOf(request);
	}

	/**
	 * A protocol call with no client credentials at all (answered by the entry point).
	 */
	public void unauthenticated(HttpServletRequest request) {
		failedAuthentication(request,
				Map.of("error", OAuth2ErrorCodes.INVALID_CLIENT, "stage", "no_client_authentication"));
	}

	/** The detail with the client id the caller claimed, if any. */
	static Map<String, Object> claimed(HttpServletRequest request, Map<String, Object> detail) {
		String clientId = claimedClientId(request);
		if (clientId == null) {
			return detail;
		}
		Map<String, Object> withClaim = new HashMap<>(detail);
		withClaim.put(CLAIMED_CLIENT_ID, clientId);
		return withClaim;
	}

	/**
	 * The client id a caller claimed (unverified): the HTTP Basic user name whenever the
	 * request's {@code Authorization: Basic} header parses as Spring's
	 * {@code ClientSecretBasicAuthenticationConverter} parses it (that converter
	 * authenticates the Basic user and ignores a form {@code client_id}, so charging the
	 * form's id would let a guesser of one client's secret charge made-up ids), else the
	 * form parameter. A request whose two ids differ is refused before this matters
	 * ({@link StrictFormFilter}).
	 */
	static String claimedClientId(HttpServletRequest request) {
		String basicUser = basicUser(request.getHeader("Authorization"));
		return AuditText.safe((basicUser != null) ? basicUser : request.getParameter("client_id"));
	}

	/**
	 * The client id of an {@code Authorization: Basic} header (RFC 6749 §2.3.1: the
	 * form-urlencoded id, a colon, the form-urlencoded secret), or null if the header is
	 * absent, not Basic, or does not parse as Spring's converter requires (which then
	 * refuses the request itself with {@code invalid_request}).
	 */
	static String basicUser(String authorization) {
		if (authorization == null) {
			return null;
		}
		String[] parts = WHITESPACE.split(authorization);
		if (parts.length != 2 || !parts[0].equalsIgnoreCase("Basic")) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
			String[] credentials = decoded.split(":", 2);
			if (credentials.length != 2 || credentials[0].isBlank() || credentials[1].isBlank()) {
				return null;
			}
			return URLDecoder.decode(credentials[0], StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
