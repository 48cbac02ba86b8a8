package dev.tessera.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one scenario against one server the same way for every server: an untimed warm-up
 * at the highest connection count, then a timed phase per connection count. Before each
 * phase it prepares what the requests need outside the clock (a fresh token to
 * introspect; pre-signed client or partner assertions; a refresh token per connection,
 * from the authorization code flow).
 */
final class ScenarioRunner {

	/** Pre-signed assertions per expected request, so the pool does not run dry. */
	private static final double ASSERTION_HEADROOM = 1.3;

	private static final int MAX_POOL = 400_000;

	private final Options options;

	private final Deadline deadline;

	/** The highest token rate seen so far per server, to size assertion pools. */
	private final Map<String, Double> tokenRates = new HashMap<>();

	/**
	 * The refresh scenario's chains per server, kept across its phases so that only the
	 * first pays for the sign-ins.
	 */
	private final Map<String, RefreshChains> refreshChains = new HashMap<>();

	ScenarioRunner(Options options, Deadline deadline) {
		this.options = options;
		this.deadline = deadline;
	}

	List<Row> run(Target target, Scenario scenario, boolean warmUp) {
		if (warmUp && !this.options.warmup().isZero()) {
			int connections = this.options.maxConnections();
			Prepared prepared = prepare(target, scenario, this.options.warmup(), connections);
			LoadResult warm;
			String flood;
			try (FailureFlood failures = FailureFlood.startIf(scenario.underFlood(), target,
					Scenario.floodNamesAddresses(this.options.scenarios()))) {
				warm = LoadGenerator.run(prepared.workload(), connections, this.options.warmup(), this.deadline);
				flood = failures.summary();
			}
			remember(target, scenario, warm);
			log("warm-up", target, scenario, warm, join(after(prepared, target, scenario), flood));
		}
		List<Row> rows = new ArrayList<>();
		for (int connections : this.options.connections()) {
			Prepared prepared = prepare(target, scenario, this.options.duration(), connections);
			LoadResult result;
			String flood;
			try (FailureFlood failures = FailureFlood.startIf(scenario.underFlood(), target,
					Scenario.floodNamesAddresses(this.options.scenarios()))) {
				result = LoadGenerator.run(prepared.workload(), connections, this.options.duration(), this.deadline);
				flood = failures.summary();
			}
			remember(target, scenario, result);
			String note = join(after(prepared, target, scenario), flood);
			log("measured", target, scenario, result, note);
			rows.add(new Row(target.label(), target.kind(), scenario, target.nodeCount(), result, note));
		}
		return rows;
	}

	private Prepared prepare(Target target, Scenario scenario, Duration phase, int connections) {
		this.deadline.check("preparing " + scenario.title());
		if (scenario == Scenario.INTROSPECTION) {
			return new Prepared(Workloads.of(scenario, target, target.accessToken()), "");
		}
		if (scenario == Scenario.TOKEN_REFRESH) {
			RefreshChains chains = this.refreshChains.computeIfAbsent(target.label(), (l) -> RefreshChains.of(target));
			long start = System.nanoTime();
			int started = chains.prepare(connections, this.deadline);
			String note = (started == 0) ? "one rotation chain per connection, all carried over from the last phase"
					: String.format(Locale.ROOT,
							"one rotation chain per connection, %d of them started by the code flow before the phase"
									+ " (untimed, %s)",
							started, Durations.seconds(System.nanoTime() - start));
			return new Prepared(Workloads.refresh(target, chains), note);
		}
		AssertionPool pool = assertionsOf(target, scenario);
		if (pool != null) {
			double rate = this.tokenRates.values().stream().mapToDouble(Double::doubleValue).max().orElse(1000);
			double expected = rate * ASSERTION_HEADROOM * phase.toMillis() / 1000.0;
			int wanted = (int) Math.min(MAX_POOL, Math.ceil(expected) + 500);
			long start = System.nanoTime();
			int signed = pool.fill(wanted, phase, this.deadline);
			String note = String.format(Locale.ROOT,
					"%,d unused %s ready before the phase (%,d of them signed for it in %s)", pool.remaining(),
					pool.what(), signed, Durations.seconds(System.nanoTime() - start));
			return new Prepared(Workloads.of(scenario, target, null), note);
		}
		return new Prepared(Workloads.of(scenario, target, null), "");
	}

	/**
	 * The pre-signed assertions a scenario sends, one per request, or {@code null} when
	 * it sends none.
	 */
	static AssertionPool assertionsOf(Target target, Scenario scenario) {
		return switch (scenario) {
			case TOKEN_PRIVATE_KEY_JWT -> target.assertions();
			case TOKEN_JWT_BEARER -> (target.jwtBearer() != null) ? target.jwtBearer().assertions() : null;
			default -> null;
		};
	}

	/** The note of a phase: what was prepared for it, and what happened during it. */
	private static String after(Prepared prepared, Target target, Scenario scenario) {
		String during = prepared.workload().afterPhase();
		String separator = (prepared.note().isEmpty() || during.isEmpty()) ? "" : "; ";
		return prepared.note() + separator + during + inline(target, scenario);
	}

	private static String inline(Target target, Scenario scenario) {
		AssertionPool pool = assertionsOf(target, scenario);
		if (pool == null) {
			return "";
		}
		long inline = pool.takeSignedInline();
		return (inline == 0) ? "; none signed during it"
				: String.format(Locale.ROOT, "; %,d signed by the load generator during it (pool ran dry)", inline);
	}

	private static String join(String note, String more) {
		return (note.isEmpty() || more.isEmpty()) ? note + more : note + "; " + more;
	}

	private void remember(Target target, Scenario scenario, LoadResult result) {
		if (scenario.issuesTokens()) {
			this.tokenRates.merge(target.label() + "/" + scenario, result.perSecond(), Math::max);
		}
	}

	private static void log(String phase, Target target, Scenario scenario, LoadResult r, String note) {
		Log.line(String.format(Locale.ROOT,
				"%-8s %-26s %-24s %4d conn %6.1f s: %,9.1f req/s p50 %s p99 %s max %s ms, %d errors%s%s", phase,
				target.label(), scenario.title(), r.connections(), r.elapsed().toNanos() / 1e9, r.perSecond(),
				ReportTable.millis(r.latency().percentileMillis(50)),
				ReportTable.millis(r.latency().percentileMillis(99)), ReportTable.millis(r.latency().maxMillis()),
				r.errors(), note.isEmpty() ? "" : " [" + note + "]",
				(r.firstError() != null) ? "\n    first error: " + r.firstError() : ""));
	}

	private record Prepared(Workload workload, String note) {
	}

}
