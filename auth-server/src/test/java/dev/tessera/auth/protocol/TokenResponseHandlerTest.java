package dev.tessera.auth.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.audit.AuditEventSink;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.client.TokenQuota;
import dev.tessera.auth.client.assertion.AssertionReplayGuard;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.token.quota.QuotaCheckingTokenGenerator;
import dev.tessera.auth.token.quota.QuotaRefusalAuditing;
import dev.tessera.auth.token.quota.QuotaUsageStore;
import dev.tessera.auth.token.quota.TokenQuotaCounter;
import dev.tessera.auth.web.RequestContext;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.DefaultOAuth2TokenContext;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token whose audit event cannot be stored is answered 503 and gives its quota back:
 * the quota check (the token generator) and the token endpoint's success handler meet
 * through the request, as on the real endpoint.
 */
class TokenResponseHandlerTest {

	final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-11-30T10:15:00Z"));

	/** The database is away: every audit write fails. */
	final AuditEventSink unavailable = (event, writes) -> CompletableFuture
		.failedFuture(new IllegalStateException("database away"));

	final AuditTrail trail = new AuditTrail(this.unavailable, this.clock, Duration.ofSeconds(1));

	final AuditCounters counters = new AuditCounters(this.unavailable, this.clock, Duration.ofSeconds(10), 10, 10);

	final TokenQuotaCounter counter = new TokenQuotaCounter(this.clock, new QuotaUsageStore() {

		@Override
		public Map<String, Totals> addAndRead(List<Delta> deltas, Instant hour, Instant day) {
			throw new IllegalStateException("database away");
		}

		@Override
		public int removeBefore(Instant before) {
			return 0;
		}

	});

	final QuotaCheckingTokenGenerator generator = new QuotaCheckingTokenGenerator(
			context -> new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "not-a-jwt", this.clock.instant(),
					this.clock.instant().plusSeconds(300)),
			this.counter, new QuotaRefusalAuditing(this.trail, this.counters), this.clock);

	final TokenResponseHandler handler = new TokenResponseHandler(new ProtocolAuditing(this.trail, this.counters,
			new ProtocolEndpoints(AuthorizationServerSettings.builder().build()),
			new AssertionReplayGuard(null, null, this.clock)));

	final RegisteredClient client = RegisteredClient.withId("c1-internal")
		.clientId("runaway")
		.clientSecret("{noop}secret")
		.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
		.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
		.clientSettings(
				ClientSettings.builder().setting(TesseraClientSettings.TOKEN_QUOTA, new TokenQuota(1, null)).build())
		.build();

	@AfterEach
	void reset() {
		RequestContextHolder.resetRequestAttributes();
		RequestContext.clear();
	}

	@Test
	void aTokenAnswered503DoesNotUseUpTheQuota() throws Exception {
		for (int attempt = 0; attempt < 3; attempt++) {
			MockHttpServletResponse response = request();
			assertThat(response.getStatus()).isEqualTo(503);
			assertThat(response.getContentAsString()).contains("temporarily_unavailable");
			assertThat(this.counter.unsynced()).as("given back").isEmpty();
		}
		assertThat(this.counter.acquire(this.client.getId(), new TokenQuota(1, null))).as("the quota is whole")
			.isNull();
	}

	private MockHttpServletResponse request() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/oauth2/token");
		request.addParameter("grant_type", "client_credentials");
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
		RequestContext.set(new RequestContext("corr", "203.0.113.7"));
		OAuth2ClientAuthenticationToken principal = new OAuth2ClientAuthenticationToken(this.client,
				ClientAuthenticationMethod.CLIENT_SECRET_BASIC, null);
		OAuth2AccessToken token = (OAuth2AccessToken) this.generator.generate(DefaultOAuth2TokenContext.builder()
			.registeredClient(this.client)
			.principal(principal)
			.tokenType(OAuth2TokenType.ACCESS_TOKEN)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.build());
		assertThat(token).as("counted and made").isNotNull();
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.handler.onAuthenticationSuccess(request, response,
				new OAuth2AccessTokenAuthenticationToken(this.client, principal, token));
		return response;
	}

}
