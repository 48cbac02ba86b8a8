package dev.tessera.admin.web;

import java.util.ArrayList;
import java.util.List;

/**
 * A small bar chart drawn by the server as inline SVG (the CSP allows no script, and no
 * chart library is needed for "tokens per day"): each bar's geometry is computed here,
 * the template only writes {@code <rect>} attributes. The template
 * {@code fragments/chart :: bars(chart)} draws it.
 *
 * @param bars the bars, left to right
 * @param width the view box width
 * @param height the view box height
 * @param max the largest value (the top of the scale)
 * @param title what the chart shows, for its accessible name
 */
public record BarChart(List<Bar> bars, int width, int height, long max, String title) {

	private static final int HEIGHT = 120;

	private static final int BAR_WIDTH = 16;

	private static final int GAP = 4;

	private static final int LABEL_SPACE = 14;

	/** Bars for labelled values, such as a date and the tokens issued that day. */
	public static BarChart of(String title, List<String> labels, List<Long> values) {
		long max = values.stream().mapToLong(Long::longValue).max().orElse(0);
		List<Bar> bars = new ArrayList<>();
		int plot = HEIGHT - LABEL_SPACE;
		for (int i = 0; i < values.size(); i++) {
			long value = values.get(i);
			int barHeight = (max == 0) ? 0
					: (int) Math.max((value > 0) ? 1 : 0, Math.round((double) value * plot / max));
			bars.add(new Bar(i * (BAR_WIDTH + GAP), plot - barHeight, BAR_WIDTH, barHeight, labels.get(i), value));
		}
		int width = Math.max(1, values.size() * (BAR_WIDTH + GAP) - GAP);
		return new BarChart(List.copyOf(bars), width, HEIGHT, max, title);
	}

	/** The total of all bars. */
	public long total() {
		return this.bars.stream().mapToLong(Bar::value).sum();
	}

	/**
	 * One bar.
	 *
	 * @param x left edge
	 * @param y top edge
	 * @param width bar width
	 * @param height bar height (0 for a zero value)
	 * @param label the bar's label (a date)
	 * @param value the value it shows
	 */
	public record Bar(int x, int y, int width, int height, String label, long value) {
	}

}
