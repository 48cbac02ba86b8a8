package dev.tessera.auth.support;

import java.util.concurrent.TimeUnit;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * After every test method, forgets the client authentication throttle's buckets and
 * writes the counter events of the test's failed authentications: test classes share a
 * server, all from 127.0.0.1, so one test's deliberate failures must neither throttle the
 * next nor fold into its counter events. Registered in {@code META-INF/spring.factories}.
 */
public class ClientAuthenticationStateResetListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			testContext.getApplicationContext()
				.getBeanProvider(ClientAuthenticationThrottle.class)
				.ifAvailable(ClientAuthenticationThrottle::clear);
			testContext.getApplicationContext()
				.getBeanProvider(AuditCounters.class)
				.ifAvailable(counters -> counters.flush().completeOnTimeout(null, 30, TimeUnit.SECONDS).join());
		}
	}

}
