package dev.tessera.deploy.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The table of Secrets in {@code docs/deploy.md}: the rows of the table under the heading
 * {@code ### Secrets}, whose first two cells are the Secret's name and the key, each in
 * backticks ({@code | `tessera-kek` | `kek` | ...}). What the manifests read must be
 * documented there, so an operator knows every Secret to create before the first apply.
 */
final class DocumentedSecrets {

	static final Path DOC = Path.of("..", "docs", "deploy.md");

	private DocumentedSecrets() {
	}

	/** "name/key" of every row. */
	static Set<String> read() {
		try {
			return parse(Files.readAllLines(DOC));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Set<String> parse(List<String> lines) {
		Set<String> entries = new LinkedHashSet<>();
		boolean inSection = false;
		for (String line : lines) {
			if (line.startsWith("#")) {
				inSection = line.strip().equals("### Secrets");
				continue;
			}
			if (!inSection || !line.startsWith("| `")) {
				continue;
			}
			String[] cells = line.split("\\|");
			entries.add(unquote(cells[1]) + "/" + unquote(cells[2]));
		}
		return entries;
	}

	private static String unquote(String cell) {
		String trimmed = cell.strip();
		if (!trimmed.startsWith("`") || !trimmed.endsWith("`")) {
			throw new IllegalArgumentException("A Secret row's name and key must be in backticks: " + cell);
		}
		return trimmed.substring(1, trimmed.length() - 1);
	}

}
