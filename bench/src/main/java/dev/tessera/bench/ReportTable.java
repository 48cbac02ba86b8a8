package dev.tessera.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a {@link Report} as Markdown whose tables are padded so they read as well in a
 * terminal as on a rendered page: facts first, then every measured row, then Tessera
 * against the baseline measured in the same run, then the crypto floor.
 */
final class ReportTable {

	/** The results table's header; the smoke test looks for it. */
	static final List<String> RESULT_COLUMNS = List.of("server", "scenario", "connections", "req/s", "p50 ms", "p90 ms",
			"p99 ms", "max ms", "errors");

	private ReportTable() {
	}

	static String markdown(Report report) {
		RunInfo info = report.info();
		StringBuilder md = new StringBuilder();
		md.append("# Tessera benchmark\n\n");
		md.append("- date: ").append(info.date()).append('\n');
		md.append("- Tessera commit: ")
			.append(info.commit())
			.append(" (")
			.append(info.jar().getFileName())
			.append(")\n");
		md.append("- servers' Java: ").append(info.serverJava()).append('\n');
		md.append("- load generator's Java: ").append(info.benchJava()).append('\n');
		md.append("- machine: ")
			.append(info.cpus())
			.append(" CPUs (")
			.append(info.cpuModel())
			.append("), ")
			.append(info.os())
			.append("; load average ")
			.append(info.load())
			.append('\n');
		md.append("- options: `").append(info.options()).append("`\n");
		md.append("- warm-up: ").append(info.warmup()).append('\n');
		md.append("- Tessera audit trail: ").append(info.audit()).append('\n');
		for (String server : info.servers()) {
			md.append("- ").append(server).append('\n');
		}
		if (info.stack() != null) {
			md.append("- baseline stack: ").append(info.stack()).append('\n');
		}
		md.append(
				"- load: blocking HTTP/1.1 keep-alive connections on loopback (one per worker and node), one request in flight per connection")
			.append(" (closed loop), on the same cores as the servers; latency per request, errors = non-2xx,")
			.append(" exceptions and wrong bodies (one response in 50 per connection is checked")
			.append(report.rows().stream().anyMatch(r -> r.scenario() == Scenario.TOKEN_REFRESH)
					? "; every one in the refresh scenario, whose next request needs its refresh token)\n" : ")\n");
		md.append("- run time: ").append(Durations.seconds(report.elapsed().toNanos())).append('\n');

		md.append("\n## Results\n\n");
		List<List<String>> rows = new ArrayList<>();
		for (Row row : report.rows()) {
			LoadResult r = row.result();
			rows.add(List.of(row.server(), row.scenario().title(), String.valueOf(r.connections()), rate(r.perSecond()),
					millis(r.latency().percentileMillis(50)), millis(r.latency().percentileMillis(90)),
					millis(r.latency().percentileMillis(99)), millis(r.latency().maxMillis()),
					String.valueOf(r.errors())));
		}
		table(md, RESULT_COLUMNS, rows, "llrrrrrrr");

		List<List<String>> comparison = comparison(report);
		if (!comparison.isEmpty()) {
			md.append("\n## Tessera / baseline (same run, one node each)\n\n");
			table(md, List.of("scenario", "connections", "Tessera req/s", "baseline req/s", "Tessera / baseline",
					"Tessera p99 ms", "baseline p99 ms"), comparison, "lrrrrrr");
		}

		CryptoFloor.Result floor = report.floor();
		md.append("\n## Crypto floor\n\n");
		md.append(String.format(Locale.ROOT,
				"%s signatures per second, Nimbus, %d threads in a tight loop on the servers' Java %s, with %s "
						+ "(the provider Tessera signs with): **%s/s**",
				keyDescription(floor.algorithm()), floor.threads(), floor.javaVersion(), floor.provider(),
				rate(floor.perSecond())));
		if (report.floorRuns().size() > 1) {
			md.append(" (the higher of ")
				.append(String.join(" before and ",
						report.floorRuns().stream().map(f -> rate(f.perSecond()) + "/s").toList()))
				.append(" after the load phases)");
		}
		md.append(".\n");
		CryptoFloor.Result jdkFloor = report.jdkFloor();
		if (jdkFloor != null) {
			md.append(String.format(Locale.ROOT,
					"With the JDK's own provider for the same algorithm (%s; the baseline signs with the JDK's "
							+ "providers): **%s/s** (the higher of a measurement before and one after the load phases).%n",
					jdkFloor.provider(), rate(jdkFloor.perSecond())));
		}
		md.append("\n");
		List<List<String>> fractions = new ArrayList<>();
		for (Row row : report.rows()) {
			if (row.scenario().issuesTokens()) {
				fractions.add(List.of(row.server(), row.scenario().title(), String.valueOf(row.result().connections()),
						rate(row.result().perSecond()),
						percent(row.result().perSecond() / report.floorOf(row).perSecond())));
			}
		}
		if (!fractions.isEmpty()) {
			md.append("Tokens per second as a fraction of the floor of the provider each server signs with ");
			md.append("(Tessera: the configured algorithm; baseline: Boot's RSA key, RS256):\n\n");
			table(md, List.of("server", "scenario", "connections", "tokens/s", "of floor"), fractions, "llrrr");
		}

		Propagation propagation = report.propagation();
		if (propagation != null) {
			md.append("\n## Scale-out: a disabled client\n\n");
			md.append(String.format(Locale.ROOT,
					"Disabled through node 1 (PATCH enabled=false): node 1 refused it after %s ms, node 2 after %s ms "
							+ "(%d token requests to node 2 while waiting, one every 20 ms). Node 2 had cached the "
							+ "client just before the change: without a cross-node invalidation it would have kept "
							+ "accepting it for up to its client cache TTL, %s.%n",
					millis(propagation.throughNode().toNanos() / 1e6), millis(propagation.otherNode().toNanos() / 1e6),
					propagation.polls(), propagation.cacheTtl()));
		}

		List<String> notes = new ArrayList<>(report.notes());
		for (Row row : report.rows()) {
			if (!row.note().isEmpty()) {
				notes.add(row.server() + ", " + row.scenario().title() + " at " + row.result().connections()
						+ " connections: " + row.note());
			}
			if (row.result().errors() > 0) {
				notes.add(row.server() + ", " + row.scenario().title() + " at " + row.result().connections()
						+ " connections: errors " + row.result().errorKinds() + "; first: "
						+ row.result().firstError());
			}
		}
		if (!notes.isEmpty()) {
			md.append("\n## Notes\n\n");
			notes.forEach(n -> md.append("- ").append(n).append('\n'));
		}
		return md.toString();
	}

	/**
	 * Tessera's single-node rows next to the baseline's; a scenario the baseline cannot
	 * serve says so (when the run has a baseline) instead of giving a figure.
	 */
	private static List<List<String>> comparison(Report report) {
		List<List<String>> rows = new ArrayList<>();
		for (Row t : report.tessera()) {
			if (t.nodes() != 1) {
				continue;
			}
			if (!t.scenario().runsOnBaseline()) {
				if (report.info().baseline()) {
					rows.add(List.of(t.scenario().title(), String.valueOf(t.result().connections()),
							rate(t.result().perSecond()), t.scenario().noBaseline(), "n/a",
							millis(t.result().latency().percentileMillis(99)), "n/a"));
				}
				continue;
			}
			Optional<Row> baseline = report.baseline()
				.stream()
				.filter(b -> b.scenario() == t.scenario() && b.result().connections() == t.result().connections())
				.findFirst();
			baseline.ifPresent(base -> {
				double baseRate = base.result().perSecond();
				String ratio = (baseRate > 0) ? String.format(Locale.ROOT, "%.1fx", t.result().perSecond() / baseRate)
						: "n/a";
				rows.add(List.of(base.scenario().title(), String.valueOf(base.result().connections()),
						rate(t.result().perSecond()), rate(baseRate), ratio,
						millis(t.result().latency().percentileMillis(99)),
						millis(base.result().latency().percentileMillis(99))));
			});
		}
		return rows;
	}

	private static String keyDescription(String algorithm) {
		return switch (algorithm) {
			case "ES256" -> "ES256 (P-256)";
			case "PS256" -> "PS256 (RSA 2048)";
			default -> algorithm + " (RSA 2048)";
		};
	}

	static void table(StringBuilder md, List<String> header, List<List<String>> rows, String align) {
		int[] widths = new int[header.size()];
		for (int i = 0; i < widths.length; i++) {
			widths[i] = Math.max(3, header.get(i).length());
			for (List<String> row : rows) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		line(md, header, widths, align);
		md.append('|');
		for (int i = 0; i < widths.length; i++) {
			boolean right = align.charAt(i) == 'r';
			md.append(' ').append("-".repeat(widths[i] - (right ? 1 : 0))).append(right ? ":" : "").append(" |");
		}
		md.append('\n');
		for (List<String> row : rows) {
			line(md, row, widths, align);
		}
	}

	private static void line(StringBuilder md, List<String> cells, int[] widths, String align) {
		md.append('|');
		for (int i = 0; i < widths.length; i++) {
			String cell = cells.get(i);
			String pad = " ".repeat(widths[i] - cell.length());
			md.append(' ').append((align.charAt(i) == 'r') ? pad + cell : cell + pad).append(" |");
		}
		md.append('\n');
	}

	static String rate(double perSecond) {
		return (perSecond >= 100) ? String.format(Locale.ROOT, "%,.0f", perSecond)
				: String.format(Locale.ROOT, "%.1f", perSecond);
	}

	static String millis(double millis) {
		if (millis < 10) {
			return String.format(Locale.ROOT, "%.2f", millis);
		}
		return (millis < 100) ? String.format(Locale.ROOT, "%.1f", millis)
				: String.format(Locale.ROOT, "%,.0f", millis);
	}

	private static String percent(double fraction) {
		return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
	}

}
