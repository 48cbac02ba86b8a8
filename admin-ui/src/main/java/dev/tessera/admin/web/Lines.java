package dev.tessera.admin.web;

import java.util.Arrays;
import java.util.List;

/**
 * Form text areas that hold one value per line (audiences, redirect URIs, client ids):
 * split into the list the admin API takes, and back.
 */
public final class Lines {

	private Lines() {
	}

	/** The non-blank lines (or comma- or space-separated values), trimmed, in order. */
	public static List<String> split(String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		return Arrays.stream(text.split("[\\r\\n,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
	}

	/** The values one per line, for a text area. */
	public static String join(List<String> values) {
		return (values == null) ? "" : String.join("\n", values);
	}

}
