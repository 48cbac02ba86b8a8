package dev.tessera.admin.review;

import java.util.List;

/**
 * {@code GET /admin/api/reviews/scopes?days=90}: per client, the scopes it holds against
 * those it received in tokens in the window (from the server's daily rollup), idle
 * clients and secrets past their rotation period. Dates stay the API's ISO-8601 text.
 *
 * @param days the window in days
 * @param from its first day
 * @param to its last day (today)
 * @param idleDays how long without a token makes a client idle
 * @param clients one entry per client
 * @param idleClients the idle clients' ids
 * @param secretsPastRotation the ids of clients whose secret is past its rotation period
 */
public record ScopeReview(int days, String from, String to, int idleDays, List<Client> clients,
		List<String> idleClients, List<String> secretsPastRotation) {

	public ScopeReview {
		clients = (clients != null) ? clients : List.of();
		idleClients = (idleClients != null) ? idleClients : List.of();
		secretsPastRotation = (secretsPastRotation != null) ? secretsPastRotation : List.of();
	}

	/**
	 * One client's line of the review.
	 *
	 * @param clientId the client
	 * @param name its name
	 * @param enabled whether it may get tokens
	 * @param createdAt when it was registered
	 * @param scopes the scopes it holds, sorted
	 * @param received the scopes it received in the window, sorted
	 * @param unusedScopes held but not received in the window
	 * @param tokens tokens issued to it in the window
	 * @param lastTokenOn the last day it got a token, or {@code null}
	 * @param idle whether it is idle
	 * @param secretCreatedAt when its newest secret was issued, or {@code null}
	 * @param secretExpiresAt when that secret expires, or {@code null}
	 * @param secretPastRotation whether that secret is past its rotation period
	 * @param authMethods how it authenticates
	 */
	public record Client(String clientId, String name, boolean enabled, String createdAt, List<String> scopes,
			List<Received> received, List<String> unusedScopes, long tokens, String lastTokenOn, boolean idle,
			String secretCreatedAt, String secretExpiresAt, boolean secretPastRotation, List<String> authMethods) {

		public Client {
			scopes = (scopes != null) ? scopes : List.of();
			received = (received != null) ? received : List.of();
			unusedScopes = (unusedScopes != null) ? unusedScopes : List.of();
			authMethods = (authMethods != null) ? authMethods : List.of();
		}

	}

	/**
	 * A scope a client received in the window.
	 *
	 * @param scope the scope
	 * @param tokens in how many tokens
	 * @param lastReceived the last day it was in one (ISO-8601 date)
	 */
	public record Received(String scope, long tokens, String lastReceived) {
	}

}
