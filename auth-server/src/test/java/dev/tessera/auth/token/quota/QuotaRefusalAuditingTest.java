package dev.tessera.auth.token.quota;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.audit.AuditEvent;
import dev.tessera.auth.audit.AuditEventSink;
import dev.tessera.auth.audit.AuditReceipt;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.support.MutableClock;
import dev.tessera.auth.web.RequestContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quota refusals' audit events: the first of a window written at once, the rest folded; a
 * refusal without a grant type (a token made outside a grant) is audited without one.
 */
class QuotaRefusalAuditingTest {

	static final Instant NOW = Instant.parse("2026-11-30T10:15:00Z");

	final List<AuditEvent> written = new ArrayList<>();

	final AuditEventSink sink = (event, writes) -> {
		synchronized (this.written) {
			this.written.add(event);
		}
		return CompletableFuture.completedFuture(AuditReceipt.RECORDED);
	};

	final MutableClock clock = MutableClock.stoppedAt(NOW);

	final AuditCounters counters = new AuditCounters(this.sink, this.clock, Duration.ofSeconds(10), 100, 20);

	final QuotaRefusalAuditing auditing = new QuotaRefusalAuditing(
			new AuditTrail(this.sink, this.clock, Duration.ofSeconds(5)), this.counters);

	final QuotaRefusal refusal = new QuotaRefusal(QuotaRefusal.Window.HOURLY, 3, Instant.parse("2026-11-30T11:00:00Z"),
			2700);

	@AfterEach
	void clearContext() {
		RequestContext.clear();
	}

	@Test
	void refusalsWithoutAGrantAreAuditedWithoutOneFirstAndFolded() {
		RequestContext.set(new RequestContext("corr-1", "203.0.113.7"));
		this.auditing.refused("runaway", null, this.refusal, NOW);
		this.auditing.refused("runaway", null, this.refusal, NOW);
		this.auditing.refused("runaway", null, this.refusal, NOW);
		this.counters.flush().join();

		assertThat(this.written).hasSize(2)
			.allSatisfy(event -> assertThat(event.detail()).doesNotContainKey("grant")
				.containsEntry("error", "too_many_requests")
				.containsEntry("quota", "hourly"));
		assertThat(this.written.get(0).detail()).containsEntry(AuditCounters.COUNT, 1L);
		assertThat(this.written.get(1).detail()).containsEntry(AuditCounters.COUNT, 2L);
	}

	@Test
	void theGrantIsInTheDetailWhenThereIsOne() {
		RequestContext.set(new RequestContext("corr-1", "203.0.113.7"));
		this.auditing.refused("runaway", "client_credentials", this.refusal, NOW);
		this.auditing.refused("runaway", "client_credentials", this.refusal, NOW);
		this.counters.flush().join();

		assertThat(this.written).hasSize(2)
			.allSatisfy(event -> assertThat(event.detail()).containsEntry("grant", "client_credentials"));
	}

}
