package dev.tessera.auth.support;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Puts a test context's {@link MutableClock} back on the system clock after every test
 * method, so a test that moved time leaves nothing behind for the next test sharing the
 * context. Registered in {@code META-INF/spring.factories}.
 */
public class MutableClockResetListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			testContext.getApplicationContext().getBeanProvider(MutableClock.class).ifAvailable(MutableClock::reset);
		}
	}

}
