package dev.tessera.auth.token.quota;

import dev.tessera.auth.web.ErrorResponses;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A token refused because the client's quota is used up, thrown before anything is
 * signed: answered with 429 {@value ErrorResponses#TOO_MANY_REQUESTS} and
 * {@code Retry-After}. Its audit event is already taken care of
 * ({@link QuotaRefusalAuditing}); the endpoint records nothing more.
 */
public class TokenQuotaExceededException extends OAuth2AuthenticationException {

	private final transient QuotaRefusal refusal;

	public TokenQuotaExceededException(QuotaRefusal refusal) {
		super(new OAuth2Error(ErrorResponses.TOO_MANY_REQUESTS, refusal.description(), null));
		this.refusal = refusal;
	}

	public QuotaRefusal refusal() {
		return this.refusal;
	}

	/** Whole seconds until the quota resets, at least one. */
	public long retryAfterSeconds() {
		return this.refusal.retryAfterSeconds();
	}

}
