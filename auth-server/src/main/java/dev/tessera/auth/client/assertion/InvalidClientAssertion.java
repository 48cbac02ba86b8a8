package dev.tessera.auth.client.assertion;

import java.text.ParseException;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.util.Base64URL;

import dev.tessera.auth.egress.EgressException;
import dev.tessera.auth.jose.VerificationKeyPolicy;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Every way a client assertion can fail ends as {@code invalid_client} (HTTP 401). The
 * description is for logs and traces only (Spring's filter answers with the bare error
 * code), and never holds the assertion, a key or a secret.
 */
final class InvalidClientAssertion {

	static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc7523#section-3";

	private InvalidClientAssertion() {
	}

	static OAuth2AuthenticationException because(String reason) {
		return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT, reason, ERROR_URI));
	}

	/**
	 * Why {@code NimbusJwtDecoder} refused this assertion, named as the rule it broke:
	 * the first validator error as it is; otherwise read from the Nimbus exception behind
	 * Spring's (whose own message is a generic "An error occurred while attempting to
	 * decode the Jwt").
	 */
	static OAuth2AuthenticationException from(JwtException failure, String assertion) {
		if (failure instanceof JwtValidationException invalid && !invalid.getErrors().isEmpty()) {
			return new OAuth2AuthenticationException(invalid.getErrors().iterator().next());
		}
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof OAuth2AuthenticationException ours) {
				return ours;
			}
			if (cause instanceof EgressException egress) {
				return because("cannot read the client's jwksUri: " + egress.getMessage());
			}
		}
		for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof ParseException) {
				return because((cause == failure.getCause()) ? "client_assertion is not a signed JWT"
						: "client_assertion claims are not valid JSON");
			}
			if (cause instanceof BadJWSException) {
				return because("signature invalid");
			}
			if (cause instanceof BadJOSEException && cause.getCause() == null) {
				return because(isAllowedAlgorithm(assertion)
						? "no registered key matches the assertion (kid, alg), or typ refused"
						: "signature algorithm not allowed");
			}
			if (cause instanceof JOSEException) {
				return because("signature could not be verified");
			}
		}
		return because("client_assertion could not be decoded");
	}

	/**
	 * Read again on the failure path only: whether the header names an allowed algorithm.
	 */
	private static boolean isAllowedAlgorithm(String assertion) {
		try {
			JWSHeader header = JWSHeader.parse(new Base64URL(assertion.substring(0, assertion.indexOf('.'))));
			return VerificationKeyPolicy.ALLOWED_ALGORITHMS.contains(header.getAlgorithm());
		}
		catch (ParseException | RuntimeException ex) {
			return false;
		}
	}

}
