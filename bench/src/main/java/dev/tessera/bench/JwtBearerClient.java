package dev.tessera.bench;

/**
 * What the JWT-bearer scenario needs of a server: a client registered for the grant, and
 * the partner's assertions it exchanges (fresh ones, addressed to that server).
 *
 * @param clientId the client, which authenticates with {@code client_secret_basic}
 * @param clientSecret its secret
 * @param assertions the trusted partner's assertions, {@code aud} = the server's token
 * endpoint URL
 */
record JwtBearerClient(String clientId, String clientSecret, AssertionPool assertions) {

	@Override
	public String toString() {
		return "JwtBearerClient[" + this.clientId + "]";
	}

}
