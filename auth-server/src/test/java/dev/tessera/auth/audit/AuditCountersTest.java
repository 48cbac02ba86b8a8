package dev.tessera.auth.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.audit.AuditTrail.Actor;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.web.RequestContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counter events fold identical occurrences per interval into one event that counts them,
 * keep distinct ones apart, never lose or double an occurrence across a flush, and stay
 * bounded in memory.
 */
class AuditCountersTest {

	private final List<AuditEvent> written = new ArrayList<>();

	private final AuditEventSink sink = (event, writes) -> {
		synchronized (this.written) {
			this.written.add(event);
		}
		return CompletableFuture.completedFuture(AuditReceipt.RECORDED);
	};

	private final MutableClock clock = MutableClock.stoppedAt(Instant.parse("2026-11-30T10:00:00Z"));

	@AfterEach
	void clearContext() {
		RequestContext.clear();
	}

	@Test
	void identicalOccurrencesBecomeOneEventWithTheirCountAndTimes() {
		AuditCounters counters = new AuditCounters(this.sink, this.clock, Duration.ofSeconds(10), 100, 100);
		RequestContext.set(new RequestContext("corr-1", "203.0.113.7"));
		counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
				Map.of("error", "invalid_client"));
		RequestContext.set(new RequestContext("corr-2", "203.0.113.7"));
		this.clock.advance(Duration.ofSeconds(3));
		counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
				Map.of("error", "invalid_client"));
		counters.flush();

		assertThat(this.written).singleElement().satisfies(event -> {
			assertThat(event.operation()).isEqualTo("token.issue");
			assertThat(event.sourceIp()).isEqualTo("203.0.113.7");
			assertThat(event.correlationId()).as("the first occurrence's").isEqualTo("corr-1");
			assertThat(event.principalType()).isEqualTo("anonymous");
			assertThat(event.detail()).containsEntry("error", "invalid_client")
				.containsEntry(AuditCounters.COUNT, 2L)
				.containsEntry(AuditCounters.FIRST_AT, "2026-11-30T10:00:00Z")
				.containsEntry(AuditCounters.LAST_AT, "2026-11-30T10:00:03Z");
			assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-30T10:00:03Z"));
		});
		counters.flush();
		assertThat(this.written).as("a flushed interval is not written again").hasSize(1);
	}

	@Test
	void occurrencesFromAnotherAddressOrWithOtherDetailAreCountedApart() {
		AuditCounters counters = new AuditCounters(this.sink, this.clock, Duration.ofSeconds(10), 100, 100);
		RequestContext.set(new RequestContext("c", "203.0.113.7"));
		counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(), Map.of("claimedClientId", "a"));
		counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(), Map.of("claimedClientId", "b"));
		RequestContext.set(new RequestContext("c", "198.51.100.1"));
		counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(), Map.of("claimedClientId", "a"));
		counters.flush();

		assertThat(this.written).hasSize(3).allSatisfy(event -> assertThat(event.detail()).containsEntry("count", 1L));
	}

	@Test
	void beyondTheKeyLimitNewOccurrencesFoldIntoOneOverflowEvent() {
		AuditCounters counters = new AuditCounters(this.sink, this.clock, Duration.ofSeconds(10), 2, 20);
		for (int i = 0; i < 50; i++) {
			RequestContext.set(new RequestContext("c", "203.0.113." + i));
			counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(), Map.of("error", "x"));
		}
		counters.flush();

		assertThat(this.written).hasSize(3);
		assertThat(this.written).filteredOn(event -> event.detail().containsKey(AuditCounters.OVERFLOW))
			.singleElement()
			.satisfies(event -> {
				assertThat(event.detail()).containsEntry("count", 48L);
				assertThat(event.sourceIp()).isNull();
			});
	}

	@Test
	void oneAddressVaryingWhatItSendsGetsItsCapThenOneOverflowEventAndOthersStayAttributed() {
		AuditCounters counters = new AuditCounters(this.sink, this.clock, Duration.ofSeconds(10), 2_000, 20);
		RequestContext.set(new RequestContext("c", "203.0.113.66"));
		for (int i = 0; i < 5_000; i++) {
			counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
					Map.of("error", "invalid_client", "claimedClientId", "made-up-" + i));
		}
		RequestContext.set(new RequestContext("c", "198.51.100.9"));
		for (int i = 0; i < 3; i++) {
			counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
					Map.of("error", "invalid_client", "claimedClientId", "victim"));
		}
		counters.flush();

		assertThat(this.written).filteredOn(event -> "203.0.113.66".equals(event.sourceIp()))
			.as("the cap, plus one overflow event for that address")
			.hasSize(21)
			.filteredOn(event -> event.detail().containsKey(AuditCounters.OVERFLOW))
			.singleElement()
			.satisfies(event -> assertThat(event.detail()).containsEntry(AuditCounters.COUNT, 4_980L)
				.doesNotContainKey("claimedClientId"));
		assertThat(this.written).filteredOn(event -> "198.51.100.9".equals(event.sourceIp()))
			.singleElement()
			.satisfies(event -> assertThat(event.detail()).containsEntry("claimedClientId", "victim")
				.containsEntry(AuditCounters.COUNT, 3L));

		this.written.clear();
		RequestContext.set(new RequestContext("c", "203.0.113.66"));
		counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(),
				Map.of("error", "invalid_client", "claimedClientId", "next-interval"));
		counters.flush();
		assertThat(this.written).as("the cap restarts with the interval")
			.singleElement()
			.satisfies(event -> assertThat(event.detail()).containsEntry("claimedClientId", "next-interval"));
	}

	@Test
	void aShedCounterEventIsNotLostSilently() {
		AuditEventSink shedding = (event, writes) -> CompletableFuture.completedFuture(AuditReceipt.SHED);
		AuditCounters counters = new AuditCounters(shedding, this.clock, Duration.ofSeconds(10), 100, 20);
		RequestContext.set(new RequestContext("c", "203.0.113.7"));
		counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(), Map.of("error", "x"));
		counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(), Map.of("error", "x"));
		Logger logger = (Logger) LoggerFactory.getLogger(UnrecordedEvents.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			counters.flush().join();
		}
		finally {
			logger.detachAppender(appender);
		}
		assertThat(appender.list).singleElement().satisfies(event -> {
			assertThat(event.getLevel()).isEqualTo(Level.WARN);
			assertThat(event.getFormattedMessage()).contains("Counter events not recorded", "2 occurrence(s)",
					"token.issue", "shed");
		});
	}

	@Test
	void noOccurrenceIsLostOrCountedTwiceWhileFlushesRunAlongside() throws Exception {
		AuditCounters counters = new AuditCounters(this.sink, this.clock, Duration.ofSeconds(10), 100, 100);
		int threads = 4;
		int perThread = 20_000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch done = new CountDownLatch(threads);
		for (int t = 0; t < threads; t++) {
			pool.execute(() -> {
				RequestContext.set(new RequestContext("c", "203.0.113.7"));
				for (int i = 0; i < perThread; i++) {
					counters.count("token.issue", AuditOutcome.BUSINESS_ERROR, Actor.anonymous(), Map.of("e", "x"));
				}
				done.countDown();
			});
		}
		while (!done.await(1, TimeUnit.MILLISECONDS)) {
			counters.flush();
		}
		counters.flush();
		pool.shutdown();

		long total;
		synchronized (this.written) {
			total = this.written.stream().mapToLong(event -> (Long) event.detail().get("count")).sum();
		}
		assertThat(total).isEqualTo((long) threads * perThread);
	}

}
