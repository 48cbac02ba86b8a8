package dev.tessera.auth.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape of a server's {@code /actuator/prometheus} (Prometheus text format), parsed
 * into samples, for tests that check metrics by name and labels.
 */
public final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+).*");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final List<Sample> samples;

	private PrometheusScrape(List<Sample> samples) {
		this.samples = samples;
	}

	/** Scrapes the management port's Prometheus endpoint. */
	public static PrometheusScrape of(String managementBaseUrl) {
		Http.Response response = new Http(managementBaseUrl).get("/actuator/prometheus");
		if (response.status() != 200) {
			throw new AssertionError("Scrape failed: " + response);
		}
		return parse(response.body());
	}

	public static PrometheusScrape parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher matcher = SAMPLE.matcher(line.trim());
			if (!matcher.matches()) {
				continue;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (matcher.group(3) != null) {
				Matcher label = LABEL.matcher(matcher.group(3));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(4))));
		}
		return new PrometheusScrape(samples);
	}

	/** Every sample name in the scrape. */
	public Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.samples.forEach((sample) -> names.add(sample.name()));
		return names;
	}

	/**
	 * The sum of the samples of this name whose labels include these (0 when there is
	 * none).
	 */
	public double value(String name, String... labelPairs) {
		return this.samples.stream()
			.filter((sample) -> sample.name().equals(name) && sample.has(labelPairs))
			.mapToDouble(Sample::value)
			.sum();
	}

	/** Whether a sample of this name with these labels exists. */
	public boolean has(String name, String... labelPairs) {
		return this.samples.stream().anyMatch((sample) -> sample.name().equals(name) && sample.has(labelPairs));
	}

	public List<Sample> samples(String name) {
		return this.samples.stream().filter((sample) -> sample.name().equals(name)).toList();
	}

	/** One sample: name, labels, value. */
	public record Sample(String name, Map<String, String> labels, double value) {

		boolean has(String... labelPairs) {
			for (int i = 0; i < labelPairs.length; i += 2) {
				if (!labelPairs[i + 1].equals(this.labels.get(labelPairs[i]))) {
					return false;
				}
			}
			return true;
		}

	}

}
