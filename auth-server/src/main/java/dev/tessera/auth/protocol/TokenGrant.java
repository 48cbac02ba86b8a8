package dev.tessera.auth.protocol;

/**
 * The grant of a token request as a metric tag: one of the grants Tessera serves, or
 * {@code other} for anything a caller sent (a tag value must never be caller input: each
 * distinct value is a time series kept for the life of the process).
 */
enum TokenGrant {

	CLIENT_CREDENTIALS("client_credentials"), JWT_BEARER("jwt_bearer"), AUTHORIZATION_CODE("authorization_code"),
	REFRESH_TOKEN("refresh_token"), OTHER("other");

	private static final TokenGrant[] ALL = values();

	private final String tag;

	TokenGrant(String tag) {
		this.tag = tag;
	}

	String tag() {
		return this.tag;
	}

	static TokenGrant[] all() {
		return ALL;
	}

	/** The grant of a {@code grant_type} parameter (null or unknown: {@link #OTHER}). */
	static TokenGrant of(String grantType) {
		if (grantType == null) {
			return OTHER;
		}
		return switch (grantType) {
			case "client_credentials" -> CLIENT_CREDENTIALS;
			case "urn:ietf:params:oauth:grant-type:jwt-bearer" -> JWT_BEARER;
			case "authorization_code" -> AUTHORIZATION_CODE;
			case "refresh_token" -> REFRESH_TOKEN;
			default -> OTHER;
		};
	}

}
