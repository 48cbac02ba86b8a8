package dev.tessera.admin.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One value per line in text areas.
 */
class LinesTest {

	@Test
	void splitsLinesCommasAndSpacesDroppingBlanks() {
		assertThat(Lines.split(" https://a.example/api \r\n\n https://b.example, urn:c  "))
			.containsExactly("https://a.example/api", "https://b.example", "urn:c");
		assertThat(Lines.split("   ")).isEmpty();
		assertThat(Lines.split(null)).isEmpty();
	}

	@Test
	void joinsOnePerLine() {
		assertThat(Lines.join(List.of("a", "b"))).isEqualTo("a\nb");
		assertThat(Lines.join(null)).isEmpty();
	}

}
