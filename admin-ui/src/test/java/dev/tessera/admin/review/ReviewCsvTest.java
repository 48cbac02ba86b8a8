package dev.tessera.admin.review;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewCsvTest {

	@Test
	void oneLinePerHeldScopeAfterTheHeader() {
		ScopeReview.Client used = new ScopeReview.Client("orders", "Orders", true, "2026-01-01T00:00:00Z",
				List.of("orders:read", "orders:write"),
				List.of(new ScopeReview.Received("orders:read", 4, "2026-11-29")), List.of("orders:write"), 4,
				"2026-11-29", false, "2026-01-01T00:00:00Z", null, false, List.of("client_secret_basic"));
		ScopeReview.Client idle = new ScopeReview.Client("old", "Old batch", false, "2025-01-01T00:00:00Z", List.of(),
				List.of(), List.of(), 0, null, true, "2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z", true, List.of());
		ScopeReview review = new ScopeReview(90, "2026-09-02", "2026-11-30", 90, List.of(used, idle), List.of("old"),
				List.of("old"));

		String[] lines = ReviewCsv.write(review).split("\r\n", -1);

		assertThat(lines).containsExactly(String.join(",", ReviewCsv.HEADER),
				"orders,Orders,true,orders:read,true,true,4,2026-11-29,false,false,2026-11-29,,false",
				"orders,Orders,true,orders:write,false,false,0,,true,false,2026-11-29,,false",
				"old,Old batch,false,,,,,,,true,,2025-06-01T00:00:00Z,true", "");
	}

	@Test
	void cellsAreQuotedWhenTheyMustBe() {
		assertThat(ReviewCsv.cell("plain")).isEqualTo("plain");
		assertThat(ReviewCsv.cell("a,b")).isEqualTo("\"a,b\"");
		assertThat(ReviewCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(ReviewCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
		assertThat(ReviewCsv.cell(null)).isEmpty();
		assertThat(ReviewCsv.cell("")).isEmpty();
	}

	@Test
	void cellsASpreadsheetWouldRunAsFormulasAreDefused() {
		assertThat(ReviewCsv.cell("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
		assertThat(ReviewCsv.cell("+1")).isEqualTo("'+1");
		assertThat(ReviewCsv.cell("-2+3")).isEqualTo("'-2+3");
		assertThat(ReviewCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
		assertThat(ReviewCsv.cell("\tcmd")).isEqualTo("'\tcmd");
		assertThat(ReviewCsv.cell("a=b")).isEqualTo("a=b");
	}

}
