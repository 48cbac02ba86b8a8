package dev.tessera.auth.web;

import org.springframework.http.HttpOutputMessage;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;

/**
 * Which RFC 6749 error the current request was answered with, for whoever measures a
 * request (the token endpoint's metrics): every OAuth error body Tessera writes goes
 * through the {@link #converter() converter} given here (the central error writers, and
 * the refusal handlers' Spring delegates), so a refusal written by any part of the
 * server, a 429 or a 503 added later included, is seen without that part knowing about
 * metrics. Only a request being {@link #watch() watched} is noted (a thread-local read
 * elsewhere, nothing stored), and the error codes noted are the server's own, never the
 * caller's input.
 */
public final class AnsweredOAuthErrors {

	private static final String WATCHING = "";

	private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

	private AnsweredOAuthErrors() {
	}

	/** Starts noting the errors answered on this thread's request. */
	public static void watch() {
		CURRENT.set(WATCHING);
	}

	/**
	 * Stops noting, and gives the last error code answered since {@link #watch()}.
	 * @return the error code, or null if no OAuth error was written
	 */
	public static String take() {
		String error = CURRENT.get();
		CURRENT.remove();
		return (error == null || error.isEmpty()) ? null : error;
	}

	/** Notes that the current request is answered with this error (if watched). */
	public static void note(String errorCode) {
		if (CURRENT.get() != null && errorCode != null) {
			CURRENT.set(errorCode);
		}
	}

	/** Spring's converter for OAuth error bodies, noting each error it writes. */
	public static OAuth2ErrorHttpMessageConverter converter() {
		return new NotingConverter();
	}

	private static final class NotingConverter extends OAuth2ErrorHttpMessageConverter {

		@Override
		protected void writeInternal(OAuth2Error error, HttpOutputMessage outputMessage)
				throws HttpMessageNotWritableException {
			note(error.getErrorCode());
			super.writeInternal(error, outputMessage);
		}

	}

}
