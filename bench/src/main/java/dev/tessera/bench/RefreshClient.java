package dev.tessera.bench;

/**
 * What the refresh scenario needs of a server: a person who signs in, and a confidential
 * client of the authorization code and refresh token grants, first-party so no consent
 * page stands between the sign-in and the code.
 *
 * @param clientId the client, which authenticates with {@code client_secret_basic}
 * @param clientSecret its secret
 * @param redirectUri its registered redirect URI (loopback; never followed)
 * @param scope what the flow asks for
 * @param username the person who signs in
 * @param password their password
 */
record RefreshClient(String clientId, String clientSecret, String redirectUri, String scope, String username,
		String password) {

	/** The registered redirect URI: loopback, so nothing ever listens there. */
	static final String REDIRECT_URI = "http://127.0.0.1/callback";

	@Override
	public String toString() {
		return "RefreshClient[" + this.clientId + ", " + this.username + "]";
	}

}
