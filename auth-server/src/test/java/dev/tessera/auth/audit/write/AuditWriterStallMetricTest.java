package dev.tessera.auth.audit.write;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditEvent;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.rollup.AuditRollup;
import dev.tessera.auth.audit.rollup.AuditRollupRule;
import dev.tessera.auth.audit.rollup.AuditRollupWriter;
import dev.tessera.auth.support.Poll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tessera.audit.writer.stall} shows a writer stuck on a store that does not answer
 * (no commit, so no commit lag is recorded): 0 while idle, growing while its batch hangs
 * and events wait behind it, 0 again once it is answered.
 */
class AuditWriterStallMetricTest {

	@Test
	void theStallGrowsWhileTheStoreDoesNotAnswerAndIsZeroWhenIdle() throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		DataSource stuck = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					if (method.getName().equals("getConnection")) {
						writing.countDown();
						release.await();
						throw new SQLException("no store in this test");
					}
					throw new UnsupportedOperationException(method.getName());
				});
		AuditWriter writer = new AuditWriter(stuck, AuditHashChain.keyed(new byte[32]),
				new AuditRollupWriter(new AuditRollup(new AuditRollupRule("token.issue", "scope", "error"))), 10, 10);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new AuditWriterMetrics(writer, 10).bindTo(registry);
		writer.start();
		try {
			assertThat(stall(registry)).as("idle").isZero();
			writer.submit(event(), List.of());
			assertThat(writing.await(10, TimeUnit.SECONDS)).as("the writer took the event").isTrue();
			writer.submit(event(), List.of());
			double first = Poll.await(Duration.ofSeconds(10), () -> (stall(registry) > 0.05) ? stall(registry) : null);
			double later = Poll.await(Duration.ofSeconds(10),
					() -> (stall(registry) > first + 0.05) ? stall(registry) : null);
			assertThat(later).isGreaterThan(first);

			release.countDown();
			Poll.await(Duration.ofSeconds(10), () -> (stall(registry) == 0) ? true : null);
		}
		finally {
			release.countDown();
			writer.stop();
		}
	}

	private static double stall(SimpleMeterRegistry registry) {
		return registry.get("tessera.audit.writer.stall").gauge().value();
	}

	private static AuditEvent event() {
		Map<String, Object> detail = new HashMap<>(Map.of("error", "invalid_client"));
		return new AuditEvent(UUID.randomUUID(), Instant.now(), "corr", null, "anonymous", "token.issue", "127.0.0.1",
				AuditOutcome.SUCCESS, detail, null);
	}

}
