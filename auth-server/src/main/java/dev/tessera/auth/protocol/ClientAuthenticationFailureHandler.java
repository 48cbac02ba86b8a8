package dev.tessera.auth.protocol;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.client.assertion.ReplayedAssertionException;
import dev.tessera.auth.client.certificate.CertificateRefusal;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * Failed client authentication on any protocol endpoint: answered as Spring does (401
 * {@code invalid_client}, just the error code), charged to the caller in the
 * {@link ClientAuthenticationThrottleFilter client authentication throttle}, and counted
 * as a refusal of the endpoint's operation by an {@code anonymous} caller, with the
 * client id it claimed in the detail ({@value ProtocolAuditing#CLAIMED_CLIENT_ID}): one
 * counter event per interval, claimed client id, address and error, never a row (or a
 * wait) per attempt. Anyone can claim any client id, so the failure is not the client's
 * own act and does not fill that client's history ({@code ?clientId=}) with failures an
 * attacker forged. A replayed assertion is the exception: its signature was verified, so
 * it is recorded under the client, as the replay it is, on its own (without waiting for
 * it). A refused client certificate (RFC 8705) is answered with its description, which
 * says why (expired, untrusted, revoked, another identity, none): a client's operator
 * needs it to fix the certificate, and it reveals nothing about the client's secrets. The
 * thumbprint of a presented certificate ({@code x5t#S256}) is in the detail, never the
 * certificate.
 */
class ClientAuthenticationFailureHandler implements AuthenticationFailureHandler {

	private final ProtocolAuditing auditing;

	ClientAuthenticationFailureHandler(ProtocolAuditing auditing) {
		this.auditing = auditing;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SecurityContextHolder.clearContext();
		OAuth2Error error = OAuth2ErrorResponses.errorOf(exception);
		String operation = this.auditing.operationOf(request);
		ClientAuthenticationThrottleFilter.failed(request);
		if (exception instanceof ReplayedAssertionException replay) {
			this.auditing.recordWithoutWaiting(operation, AuditOutcome.BUSINESS_ERROR, Actor.client(replay.clientId()),
					replay.auditDetail());
		}
		else {
			Map<String, Object> detail = new HashMap<>();
			detail.put("error", error.getErrorCode());
			detail.put("stage", "client_authentication");
			ProtocolAuditing.presentedCertificate(request)
				.ifPresent(thumbprint -> detail.put(ProtocolAuditing.X5T_S256, thumbprint));
			if (exception instanceof CertificateRefusal refusal) {
				detail.put("reason", refusal.reason());
			}
			this.auditing.failedAuthentication(request, detail);
		}
		if (exception instanceof CertificateRefusal) {
			OAuth2ErrorResponses.certificateRefused(response, error);
			return;
		}
		OAuth2ErrorResponses.clientAuthenticationFailed(response, error);
	}

}
