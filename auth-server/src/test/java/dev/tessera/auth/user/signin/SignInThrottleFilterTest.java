package dev.tessera.auth.user.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Semaphore;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.support.MutableClock;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The filter in front of the password check: a permitted attempt carries its permit to
 * the success handler and holds one of the node's few verification slots; with none free
 * the attempt is refused as busy, not counted.
 */
class SignInThrottleFilterTest {

	final SignInThrottle throttle = new SignInThrottle(SignInThrottle.Limits.DEFAULT,
			MutableClock.stoppedAt(Instant.parse("2026-01-01T00:00:00Z")));

	final HtmlPages pages = mock(HtmlPages.class);

	final AuditTrail trail = mock(AuditTrail.class);

	@Test
	void aPermittedAttemptHoldsAVerificationSlotAndLeavesItsPermitForTheSuccessHandler() throws Exception {
		Semaphore slots = new Semaphore(1, true);
		SignInThrottleFilter filter = filter(slots);
		MockHttpServletRequest request = signIn();
		int[] freeDuringCheck = { -1 };
		MockFilterChain chain = new MockFilterChain() {

			@Override
			public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
				freeDuringCheck[0] = slots.availablePermits();
			}

		};
		filter.doFilter(request, new MockHttpServletResponse(), chain);
		assertThat(freeDuringCheck[0]).isZero();
		assertThat(slots.availablePermits()).isOne();
		assertThat(request.getAttribute(SignInThrottle.Permit.ATTRIBUTE)).isInstanceOf(SignInThrottle.Permit.class);
	}

	@Test
	@SuppressWarnings("unchecked")
	void withNoVerificationSlotFreeTheAttemptIsRefusedAsBusyAndNotCounted() throws Exception {
		SignInThrottleFilter filter = filter(new Semaphore(0, true));
		for (int i = 0; i < 10; i++) {
			MockHttpServletResponse response = new MockHttpServletResponse();
			MockFilterChain chain = new MockFilterChain();
			filter.doFilter(signIn(), response, chain);
			assertThat(chain.getRequest()).as("no password checked").isNull();
			assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		}
		verify(this.pages, times(10)).render(any(), any(), eq(429), eq("login"), anyMap());
		ArgumentCaptor<Map<String, Object>> detail = ArgumentCaptor.forClass(Map.class);
		verify(this.trail, times(10)).recordAndWait(eq("user.throttle"), eq(AuditOutcome.BUSINESS_ERROR), any(),
				detail.capture(), isNull());
		assertThat(detail.getValue()).containsEntry("reason", "busy").containsEntry("retryAfterSeconds", 1L);
		assertThat(this.throttle.size()).as("busy refusals are not counted").isZero();
	}

	private SignInThrottleFilter filter(Semaphore slots) {
		return new SignInThrottleFilter(this.throttle, AnyRequestMatcher.INSTANCE, this.pages, this.trail, slots,
				Duration.ofMillis(10));
	}

	private static MockHttpServletRequest signIn() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/login");
		request.setRemoteAddr("10.0.0.1");
		request.setParameter("username", "alice");
		request.setParameter("password", "a guess");
		return request;
	}

}
