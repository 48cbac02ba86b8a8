package dev.tessera.bench;

/**
 * One line of the results table: one server, one scenario, one connection count.
 *
 * @param server the server's label in the report
 * @param kind {@code Tessera} or {@code baseline}
 * @param scenario what was asked for
 * @param nodes how many nodes the load was spread over
 * @param result what was measured
 * @param note anything that qualifies the figures (e.g. assertions signed during the
 * phase), or empty
 */
public record Row(String server, String kind, Scenario scenario, int nodes, LoadResult result, String note) {

	public boolean isBaseline() {
		return "baseline".equals(this.kind);
	}

}
