package dev.tessera.admin.audit;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

class AuditFilterFormTest {

	@Test
	void givenFieldsBecomeTheApiQueryWithUtcInstants() {
		AuditFilterForm filter = new AuditFilterForm(" billing ", "", "token.issue", "success", "corr-1:a",
				"2026-11-30T14:05", "2026-11-30T15:00:30");

		assertThat(filter.problems()).isEmpty();
		assertThat(filter.apiQuery()).containsExactly(entry("clientId", "billing"), entry("operation", "token.issue"),
				entry("outcome", "success"), entry("correlationId", "corr-1:a"), entry("from", "2026-11-30T14:05:00Z"),
				entry("to", "2026-11-30T15:00:30Z"));
	}

	@Test
	void pageQueryKeepsTheFormsValuesEncoded() {
		AuditFilterForm filter = new AuditFilterForm(null, "alice@example.com", null, null, null, "2026-11-30T14:05",
				null);

		assertThat(filter.pageQuery()).isEqualTo("principal=alice%40example.com&from=2026-11-30T14%3A05");
	}

	@Test
	void anEmptyFilterHasNoParameters() {
		AuditFilterForm filter = new AuditFilterForm(null, " ", null, null, null, null, null);

		assertThat(filter.isEmpty()).isTrue();
		assertThat(filter.apiQuery()).isEmpty();
		assertThat(filter.problems()).isEmpty();
	}

	@Test
	void badTimesAndOutcomesAreNamedAndAnyCharacterIsData() {
		AuditFilterForm filter = new AuditFilterForm("a&b=c", null, null, "maybe", "x%41", "yesterday", null);

		assertThat(filter.problems()).containsOnlyKeys("outcome", "from");
		assertThat(new AuditFilterForm("a&b=c", null, null, null, "x%41", null, null).apiQuery())
			.containsExactly(entry("clientId", "a&b=c"), entry("correlationId", "x%41"));
	}

	@Test
	void datetimeLocalValuesAreReadAsUtc() {
		assertThat(LocalTimes.toInstant("2026-11-30T23:59")).isEqualTo(Instant.parse("2026-11-30T23:59:00Z"));
		assertThat(LocalTimes.toInstant("2026-01-02T03:04:05")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
		assertThat(LocalTimes.toInstant("")).isNull();
		assertThatIllegalArgumentException().isThrownBy(() -> LocalTimes.toInstant("2026-11-30"));
	}

}
