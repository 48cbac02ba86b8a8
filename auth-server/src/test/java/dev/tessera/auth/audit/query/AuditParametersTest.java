package dev.tessera.auth.audit.query;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.audit.AuditOutcome;
import dev.tessera.auth.audit.AuditTimestamps;
import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parsing of the audit API's query parameters, cursors and CSV cells, without a server.
 */
class AuditParametersTest {

	@Test
	void absentParametersMeanEverythingAndTheDefaultLimit() {
		AuditSearch search = AuditSearch.parse(null, " ", null, "", null, null, null, null, null);
		assertThat(search.filter()).isEqualTo(AuditFilter.ALL);
		assertThat(search.limit()).isEqualTo(100);
		assertThat(search.after()).isNull();
	}

	@Test
	void valuesAreTypedAndTrimmed() {
		AuditSearch search = AuditSearch.parse(" orders ", "alice", "token.issue", "system_error", "c-1",
				"2025-01-31T12:00:00.1234567Z", "2025-02-01T00:00:00Z", "1000", null);
		assertThat(search.filter())
			.isEqualTo(new AuditFilter("orders", "alice", "token.issue", AuditOutcome.SYSTEM_ERROR, "c-1",
					Instant.parse("2025-01-31T12:00:00.123456Z"), Instant.parse("2025-02-01T00:00:00Z")));
		assertThat(search.limit()).isEqualTo(1000);
	}

	@Test
	void everyBadParameterIsNamed() {
		assertThatThrownBy(() -> AuditSearch.parse(null, null, null, "maybe", null, "monday", "2025-01-01", "0", "%%%"))
			.isInstanceOfSatisfying(InvalidInputProblem.class,
					ex -> assertThat(ex.getProblems()).extracting(FieldProblem::field)
						.containsExactlyInAnyOrder("outcome", "from", "to", "limit", "cursor"));
		assertThatThrownBy(
				() -> AuditFilter.parse(null, null, null, null, null, "2025-02-01T00:00:00Z", "2025-01-01T00:00:00Z"))
			.isInstanceOfSatisfying(InvalidInputProblem.class,
					ex -> assertThat(ex.getProblems()).extracting(FieldProblem::field).containsExactly("to"));
		assertThatThrownBy(() -> AuditExportFormat.parse("xml")).isInstanceOfSatisfying(InvalidInputProblem.class,
				ex -> assertThat(ex.getProblems()).extracting(FieldProblem::field).containsExactly("format"));
		assertThat(AuditExportFormat.parse(null)).isEqualTo(AuditExportFormat.JSONL);
		assertThat(AuditExportFormat.parse("CSV")).isEqualTo(AuditExportFormat.CSV);
	}

	@Test
	void cursorsRoundTripAndRefuseAnythingElse() {
		AuditCursor cursor = new AuditCursor(1_738_324_800_123_456L, UUID.randomUUID());
		String encoded = cursor.encode();
		assertThat(encoded).matches("[A-Za-z0-9_-]{32}");
		assertThat(AuditCursor.decode(encoded)).isEqualTo(cursor);
		assertThat(cursor.occurredAt()).isEqualTo(Instant.parse("2025-01-31T12:00:00.123456Z"));
		for (String bad : new String[] { "garbage", "", "AAAA", encoded + "AA", encoded.substring(1), "é" }) {
			assertThatThrownBy(() -> AuditCursor.decode(bad)).as(bad)
				.isInstanceOfSatisfying(InvalidInputProblem.class,
						ex -> assertThat(ex.getProblems()).extracting(FieldProblem::field).containsExactly("cursor"));
		}
	}

	@Test
	void csvCellsAreQuotedAndDefused() {
		assertThat(CsvCells.cell(null)).isEmpty();
		assertThat(CsvCells.cell("plain")).isEqualTo("plain");
		assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
		assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(CsvCells.cell("two\nlines")).isEqualTo("\"two\nlines\"");
		assertThat(CsvCells.cell("=1+2")).isEqualTo("'=1+2");
		assertThat(CsvCells.cell("+1")).isEqualTo("'+1");
		assertThat(CsvCells.cell("-1")).isEqualTo("'-1");
		assertThat(CsvCells.cell("@cmd")).isEqualTo("'@cmd");
		assertThat(CsvCells.cell("\t=x")).isEqualTo("'\t=x");
		assertThat(CsvCells.cell("=A1,B1")).isEqualTo("\"'=A1,B1\"");
		assertThat(CsvCells.cell("a=b")).isEqualTo("a=b");
		assertThat(CsvCells.row("a", null, "b,c")).isEqualTo("a,,\"b,c\"\r\n");
	}

	@Test
	void timestampsAlwaysCarrySixFractionDigits() {
		assertThat(AuditTimestamps.iso(Instant.parse("2025-01-31T12:00:00Z"))).isEqualTo("2025-01-31T12:00:00.000000Z");
		assertThat(AuditTimestamps.iso(Instant.parse("2025-01-31T12:00:00.12Z")))
			.isEqualTo("2025-01-31T12:00:00.120000Z");
		assertThat(AuditTimestamps.forFileName(Instant.parse("2025-01-31T12:00:00.000001Z")))
			.isEqualTo("20250131T120000.000001Z");
	}

}
