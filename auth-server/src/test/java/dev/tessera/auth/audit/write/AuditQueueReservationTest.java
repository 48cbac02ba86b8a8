package dev.tessera.auth.audit.write;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditEvent;
import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditReceipt;
import dev.tessera.auth.audit.AuditUnavailableException;
import dev.tessera.auth.audit.JoinedWrite;
import dev.tessera.auth.audit.JoinedWriteKind;
import dev.tessera.auth.audit.integrity.AuditHashChain;
import dev.tessera.auth.audit.rollup.AuditRollup;
import dev.tessera.auth.audit.rollup.AuditRollupRule;
import dev.tessera.auth.audit.rollup.AuditRollupWriter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last places of the writer's queue are kept for successes: with the writer stuck on
 * its first batch, events that are not successes queue only up to capacity minus the
 * reserve and are shed beyond it (answered, not failed), while successes still queue up
 * to the full capacity.
 */
class AuditQueueReservationTest {

	private final CountDownLatch writing = new CountDownLatch(1);

	private final CountDownLatch release = new CountDownLatch(1);

	private AuditWriter writer;

	@BeforeEach
	void startWriterThatHangsOnItsFirstBatch() throws Exception {
		DataSource stuck = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, args) -> {
					if (method.getName().equals("getConnection")) {
						this.writing.countDown();
						this.release.await();
						throw new SQLException("no store in this test");
					}
					throw new UnsupportedOperationException(method.getName());
				});
		this.writer = new AuditWriter(stuck, AuditHashChain.keyed(new byte[32]),
				new AuditRollupWriter(new AuditRollup(new AuditRollupRule("token.issue", "scope", "error"))), 10, 10);
		this.writer.setQueueReservedForSuccess(4);
		this.writer.start();
		this.writer.submit(event(AuditOutcome.SUCCESS), List.of());
		assertThat(this.writing.await(10, TimeUnit.SECONDS)).as("the writer took the first event").isTrue();
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		this.writer.stop();
	}

	@Test
	void failuresAreShedOnceOnlyTheReserveIsLeftAndSuccessesStillQueue() {
		List<CompletableFuture<AuditReceipt>> failures = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			failures.add(this.writer.submit(event(AuditOutcome.BUSINESS_ERROR), List.of()));
		}
		assertThat(failures).as("queued up to capacity 10 minus 4 reserved").noneMatch(CompletableFuture::isDone);

		CompletableFuture<AuditReceipt> shed = this.writer.submit(event(AuditOutcome.BUSINESS_ERROR), List.of());
		assertThat(shed).as("shed, not failed: its request goes on").isCompletedWithValue(AuditReceipt.SHED);
		assertThat(this.writer.submit(event(AuditOutcome.SYSTEM_ERROR), List.of()))
			.isCompletedWithValue(AuditReceipt.SHED);

		List<CompletableFuture<AuditReceipt>> successes = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			successes.add(this.writer.submit(event(AuditOutcome.SUCCESS), List.of()));
		}
		assertThat(successes).as("the reserve takes successes").noneMatch(CompletableFuture::isDone);
		assertThat(this.writer.submit(event(AuditOutcome.SUCCESS), List.of()))
			.as("beyond the capacity even a success is refused")
			.isCompletedExceptionally()
			.failsWithin(0, TimeUnit.SECONDS)
			.withThrowableOfType(Exception.class)
			.withCauseInstanceOf(AuditUnavailableException.class);
	}

	@Test
	void aFailureWithAJoinedWriteIsNeverShed() {
		for (int i = 0; i < 6; i++) {
			this.writer.submit(event(AuditOutcome.BUSINESS_ERROR), List.of());
		}
		JoinedWriteKind<String> kind = new JoinedWriteKind<>() {

			@Override
			public String name() {
				return "test";
			}

			@Override
			public Comparator<String> order() {
				return Comparator.naturalOrder();
			}

			@Override
			public int[] apply(Connection connection, List<String> items) {
				return new int[items.size()];
			}

			@Override
			public Map<String, Object> refusal(String item) {
				return Map.of();
			}

		};
		List<JoinedWrite<?>> writes = List.of(new JoinedWrite<>(kind, "a use that must be recorded"));
		assertThat(this.writer.submit(event(AuditOutcome.BUSINESS_ERROR), writes)).isNotDone();
	}

	private static AuditEvent event(AuditOutcome outcome) {
		Map<String, Object> detail = new HashMap<>(Map.of("error", "invalid_client"));
		return new AuditEvent(UUID.randomUUID(), Instant.now(), "corr", null, "anonymous", "token.issue", "127.0.0.1",
				outcome, detail, null);
	}

}
