package dev.tessera.admin.clients;

/**
 * The admin API's answer that carries a new client secret: {@code POST /clients} (the
 * created client) and {@code POST /clients/{id}/secret} (a rotation). The only type in
 * the console that holds a secret; its {@link #toString()} leaves the secret out, so no
 * log line or error message can print it.
 *
 * @param clientId the client
 * @param name its name (in the creation's answer only)
 * @param clientSecret the new secret, or {@code null} for a client that authenticates
 * with keys
 * @param clientSecretExpiresAt when it expires, or {@code null}
 */
record IssuedSecret(String clientId, String name, String clientSecret, String clientSecretExpiresAt) {

	@Override
	public String toString() {
		return "IssuedSecret[clientId=" + this.clientId + ", name=" + this.name + ", clientSecret="
				+ ((this.clientSecret != null) ? "(hidden)" : "null") + ", clientSecretExpiresAt="
				+ this.clientSecretExpiresAt + "]";
	}

}
