package dev.tessera.samples.oauth2;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.client.ClientAuthorizationException;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link SingleFlightAuthorizedClientManager} around a delegate that, like Spring's
 * manager, returns its cached client or makes a (slow) token request: eight callers
 * arriving together on an empty cache make one token request and all get its token; two
 * principals do not wait for each other; a failed request is shared with the callers that
 * waited for it, and the next caller tries again. The first token request is held until
 * every other caller is parked on the lock, so the tests do not depend on timing.
 */
class SingleFlightAuthorizedClientManagerTest {

	private static final ClientRegistration REGISTRATION = ClientRegistration.withRegistrationId("tessera")
		.clientId("service")
		.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
		.tokenUri("https://tessera.example/oauth2/token")
		.build();

	private final ExecutorService threads = Executors.newFixedThreadPool(8);

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void callersArrivingTogetherShareOneTokenRequest() throws Exception {
		CachingManager delegate = new CachingManager();
		SingleFlightAuthorizedClientManager manager = new SingleFlightAuthorizedClientManager(delegate);
		List<Future<OAuth2AuthorizedClient>> results = runTogether(8, () -> manager.authorize(request("service")),
				delegate);
		for (Future<OAuth2AuthorizedClient> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS).getAccessToken().getTokenValue()).isEqualTo("token-1");
		}
		assertThat(delegate.tokenRequests).hasValue(1);
	}

	@Test
	void differentPrincipalsDoNotWaitForEachOther() throws Exception {
		CountDownLatch bothInside = new CountDownLatch(2);
		OAuth2AuthorizedClientManager delegate = (request) -> {
			bothInside.countDown();
			try {
				// the second principal can only count down if it was not made to wait
				assertThat(bothInside.await(10, TimeUnit.SECONDS)).as("both principals inside at once").isTrue();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			return client(request.getPrincipal().getName());
		};
		SingleFlightAuthorizedClientManager manager = new SingleFlightAuthorizedClientManager(delegate);
		Future<OAuth2AuthorizedClient> alice = this.threads.submit(() -> manager.authorize(request("alice")));
		Future<OAuth2AuthorizedClient> bob = this.threads.submit(() -> manager.authorize(request("bob")));
		assertThat(alice.get(10, TimeUnit.SECONDS).getPrincipalName()).isEqualTo("alice");
		assertThat(bob.get(10, TimeUnit.SECONDS).getPrincipalName()).isEqualTo("bob");
	}

	@Test
	void aFailureIsSharedWithTheCallersThatWaitedAndTheNextCallerTriesAgain() throws Exception {
		CachingManager delegate = new CachingManager();
		delegate.refuse = true;
		SingleFlightAuthorizedClientManager manager = new SingleFlightAuthorizedClientManager(delegate);
		List<Future<OAuth2AuthorizedClient>> results = runTogether(8, () -> manager.authorize(request("service")),
				delegate);
		for (Future<OAuth2AuthorizedClient> result : results) {
			assertThat(result).failsWithin(10, TimeUnit.SECONDS)
				.withThrowableOfType(ExecutionException.class)
				.havingCause()
				.isInstanceOf(ClientAuthorizationException.class)
				.withMessageContaining("invalid_client");
		}
		assertThat(delegate.tokenRequests).as("one failed request for eight callers").hasValue(1);

		delegate.refuse = false;
		assertThat(manager.authorize(request("service")).getAccessToken().getTokenValue()).isEqualTo("token-2");
		assertThat(delegate.tokenRequests).hasValue(2);
	}

	/**
	 * Starts {@code callers} calls at once; the first to reach the delegate's token
	 * request is held there until every other caller is parked ({@code WAITING}: the only
	 * place a caller parks on its way in is the manager's lock).
	 */
	private List<Future<OAuth2AuthorizedClient>> runTogether(int callers, Supplier<OAuth2AuthorizedClient> call,
			CachingManager delegate) {
		List<Thread> started = new ArrayList<>();
		CountDownLatch allStarted = new CountDownLatch(callers);
		delegate.beforeTokenRequest = () -> {
			try {
				allStarted.await();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
			for (Thread thread : List.copyOf(started)) {
				while (thread != Thread.currentThread() && thread.getState() != Thread.State.WAITING) {
					Thread.onSpinWait();
				}
			}
		};
		List<Future<OAuth2AuthorizedClient>> results = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			results.add(this.threads.submit(() -> {
				synchronized (started) {
					started.add(Thread.currentThread());
				}
				allStarted.countDown();
				return call.get();
			}));
		}
		return results;
	}

	private static OAuth2AuthorizeRequest request(String principal) {
		return OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION.getRegistrationId())
			.principal(UsernamePasswordAuthenticationToken.unauthenticated(principal, null))
			.build();
	}

	private static OAuth2AuthorizedClient client(String principal) {
		return client(principal, "token-" + principal);
	}

	private static OAuth2AuthorizedClient client(String principal, String token) {
		Instant now = Instant.now();
		return new OAuth2AuthorizedClient(REGISTRATION, principal,
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, token, now, now.plusSeconds(300)));
	}

	/**
	 * What Spring's manager does, reduced: the cached client when there is one, else a
	 * token request (counted), cached when it succeeds.
	 */
	private static final class CachingManager implements OAuth2AuthorizedClientManager {

		final AtomicInteger tokenRequests = new AtomicInteger();

		final Map<String, OAuth2AuthorizedClient> cache = new ConcurrentHashMap<>();

		volatile boolean refuse;

		volatile Runnable beforeTokenRequest = () -> {
		};

		@Override
		public OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest request) {
			String principal = request.getPrincipal().getName();
			OAuth2AuthorizedClient cached = this.cache.get(principal);
			if (cached != null) {
				return cached;
			}
			int number = this.tokenRequests.incrementAndGet();
			Runnable before = this.beforeTokenRequest;
			this.beforeTokenRequest = () -> {
			};
			before.run();
			if (this.refuse) {
				throw new ClientAuthorizationException(new OAuth2Error("invalid_client"),
						REGISTRATION.getRegistrationId());
			}
			OAuth2AuthorizedClient client = client(principal, "token-" + number);
			this.cache.put(principal, client);
			return client;
		}

	}

}
