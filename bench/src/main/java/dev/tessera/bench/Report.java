package dev.tessera.bench;

import java.time.Duration;
import java.util.List;

/**
 * Everything a run measured, as data (for the smoke test and for anyone comparing runs)
 * and as Markdown ({@link ReportTable}).
 *
 * @param info when, where, what
 * @param floor the crypto floor on the servers' JVM with the provider Tessera signs with:
 * the higher of its measurements
 * @param floorRuns every measurement of it (before and after the load phases)
 * @param jdkFloor the floor with the JDK's own providers, which the baseline signs with,
 * when Tessera signs with another provider; else {@code null}
 * @param rows one per server, scenario and connection count, in the order they ran
 * @param propagation the cross-node delay of a disabled client, or {@code null} with one
 * node
 * @param notes qualifications worth reading next to the table
 * @param elapsed the whole run's wall time
 */
public record Report(RunInfo info, CryptoFloor.Result floor, List<CryptoFloor.Result> floorRuns,
		CryptoFloor.Result jdkFloor, List<Row> rows, Propagation propagation, List<String> notes, Duration elapsed) {

	public List<Row> tessera() {
		return this.rows.stream().filter(r -> !r.isBaseline()).toList();
	}

	public List<Row> baseline() {
		return this.rows.stream().filter(Row::isBaseline).toList();
	}

	/** The floor a row's server signs against: the baseline uses the JDK's providers. */
	public CryptoFloor.Result floorOf(Row row) {
		return (row.isBaseline() && this.jdkFloor != null) ? this.jdkFloor : this.floor;
	}

	/**
	 * The report as Markdown: a header of facts, the results, the comparison, the crypto
	 * floor.
	 */
	public String markdown() {
		return ReportTable.markdown(this);
	}

}
