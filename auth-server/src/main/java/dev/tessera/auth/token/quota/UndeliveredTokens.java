package dev.tessera.auth.token.quota;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Gives back the quota of a token that was counted but is not delivered because its audit
 * event could not be stored (503 {@code temporarily_unavailable}): a client retrying
 * through a database outage must not burn its quota on tokens it never got. The quota
 * check leaves the counted token on the request ({@link #counted}); the token endpoint's
 * success handler calls {@link #notDelivered} on that path. Nothing is written or read on
 * the way.
 */
public final class UndeliveredTokens {

	/** The request attribute holding the counted token of this request. */
	static final String ATTRIBUTE = UndeliveredTokens.class.getName() + ".counted";

	private UndeliveredTokens() {
	}

	/** Remembers the token counted for the current request, if there is one. */
	static void counted(TokenQuotaCounter.Counted counted) {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (attributes != null) {
			attributes.setAttribute(ATTRIBUTE, counted, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * The token of this request is not delivered: takes back its count, once (nothing
	 * when the client has no quota).
	 */
	public static void notDelivered(HttpServletRequest request) {
		if (request.getAttribute(ATTRIBUTE) instanceof TokenQuotaCounter.Counted counted) {
			request.removeAttribute(ATTRIBUTE);
			counted.release();
		}
	}

}
