package dev.tessera.admin.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The geometry of the server-drawn bar chart.
 */
class BarChartTest {

	@Test
	void theLargestValueFillsThePlotAndOthersScale() {
		BarChart chart = BarChart.of("Tokens", List.of("d1", "d2", "d3"), List.of(0L, 50L, 100L));

		assertThat(chart.max()).isEqualTo(100);
		assertThat(chart.total()).isEqualTo(150);
		assertThat(chart.bars()).extracting(BarChart.Bar::height).containsExactly(0, 53, 106);
		assertThat(chart.bars()).extracting(b -> b.y() + b.height()).containsOnly(106);
		assertThat(chart.bars()).extracting(BarChart.Bar::x).containsExactly(0, 20, 40);
		assertThat(chart.width()).isEqualTo(56);
	}

	@Test
	void aSmallNonZeroValueStaysVisible() {
		BarChart chart = BarChart.of("Tokens", List.of("d1", "d2"), List.of(1L, 100_000L));

		assertThat(chart.bars().get(0).height()).isEqualTo(1);
	}

	@Test
	void allZeroDrawsNoBars() {
		BarChart chart = BarChart.of("Tokens", List.of("d1", "d2"), List.of(0L, 0L));

		assertThat(chart.bars()).extracting(BarChart.Bar::height).containsOnly(0);
		assertThat(chart.max()).isZero();
	}

}
