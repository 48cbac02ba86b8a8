package dev.tessera.samples.oauth2;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.util.Assert;

/**
 * An {@link OAuth2AuthorizedClientManager} that lets one caller at a time authorize a
 * given client registration for a given principal, so that callers arriving together with
 * an empty or expiring cache cost ONE token request instead of one each.
 * <p>
 * Spring's {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} reads the cache,
 * finds no valid token, and asks the token endpoint, with no coordination between
 * threads: eight requests that reach a service at start-up (or at the renewal point) make
 * eight token requests. Here the first caller for a (registration id, principal name)
 * runs the delegate; the others wait, then run it in turn and find the token the first
 * one cached. Different principals (the JWT-bearer sample's subjects) or registrations do
 * not wait for each other.
 * <p>
 * A failed authorization is shared with the callers that were waiting for it: they get
 * the same exception instead of each trying again in turn, so a refused client
 * ({@code invalid_client}) costs one failed authentication, not one per waiting thread
 * (Tessera throttles those), and an unreachable token endpoint makes them wait one
 * timeout, not one each. The next caller after that tries again.
 * <p>
 * A {@link ReentrantLock}, not {@code synchronized}, so a virtual thread waiting out a
 * token request does not pin its carrier on Java 21. Locks are kept only while someone
 * holds or waits for them, so a principal seen once costs nothing afterwards. Created
 * with {@code new} around the manager a sample builds; shared by the client credentials,
 * JWT-bearer and mTLS samples.
 */
public final class SingleFlightAuthorizedClientManager implements OAuth2AuthorizedClientManager {

	private final OAuth2AuthorizedClientManager delegate;

	private final ConcurrentMap<Key, Flight> flights = new ConcurrentHashMap<>();

	public SingleFlightAuthorizedClientManager(OAuth2AuthorizedClientManager delegate) {
		Assert.notNull(delegate, "delegate must not be null");
		this.delegate = delegate;
	}

	@Override
	public OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest request) {
		Assert.notNull(request, "request must not be null");
		Key key = new Key(request.getClientRegistrationId(), request.getPrincipal().getName());
		Flight flight = this.flights.compute(key, (k, existing) -> {
			Flight joined = (existing != null) ? existing : new Flight();
			joined.users++;
			return joined;
		});
		try {
			long finishedBefore = flight.finished;
			flight.lock.lock();
			try {
				if (flight.finished != finishedBefore && flight.lastFailure != null) {
					// an attempt that ran while this caller waited failed: share it
					throw flight.lastFailure;
				}
				try {
					OAuth2AuthorizedClient authorized = this.delegate.authorize(request);
					flight.lastFailure = null;
					return authorized;
				}
				catch (RuntimeException ex) {
					flight.lastFailure = ex;
					throw ex;
				}
				finally {
					flight.finished++;
				}
			}
			finally {
				flight.lock.unlock();
			}
		}
		finally {
			this.flights.computeIfPresent(key, (k, existing) -> (--existing.users == 0) ? null : existing);
		}
	}

	private record Key(String registrationId, String principalName) {
	}

	/** The lock of one (registration, principal) and what its last attempt did. */
	private static final class Flight {

		final ReentrantLock lock = new ReentrantLock();

		/**
		 * Callers holding or waiting for the lock; changed only inside the map's compute.
		 */
		int users;

		/** Attempts finished; written under the lock, read before taking it. */
		volatile long finished;

		/** The last attempt's failure, {@code null} after a success; under the lock. */
		RuntimeException lastFailure;

	}

}
