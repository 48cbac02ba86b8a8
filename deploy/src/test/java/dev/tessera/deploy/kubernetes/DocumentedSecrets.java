package dev.tessera.deploy.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of Secrets in {@code docs/deploy.md}: the rows of the table under the heading
 * {@code ### Secrets}, whose first two cells are the Secret's name and the key, each in
 * backticks ({@code | `tessera-kek` | `kek` | ...}). What the manifests read must be
 * documented there, so an operator knows every Secret to create before the first apply.
 * The fourth cell ("as the file") is where a pod finds the key, also in backticks.
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

	/** "name/key" of every row to the file it is documented as ("as the file"). */
	static Map<String, String> files() {
		try {
			return parseFiles(Files.readAllLines(DOC));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Set<String> parse(List<String> lines) {
		return new LinkedHashSet<>(rows(lines).keySet());
	}

	static Map<String, String> parseFiles(List<String> lines) {
		Map<String, String> files = new LinkedHashMap<>();
		rows(lines).forEach((entry, cells) -> {
			if (cells.length < 5) {
				throw new IllegalArgumentException("A Secret row has no file cell: " + entry);
			}
			files.put(entry, unquote(cells[4]));
		});
		return files;
	}

	private static Map<String, String[]> rows(List<String> lines) {
		Map<String, String[]> rows = new LinkedHashMap<>();
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
			rows.put(unquote(cells[1]) + "/" + unquote(cells[2]), cells);
		}
		return rows;
	}

	private static String unquote(String cell) {
		String trimmed = cell.strip();
		if (!trimmed.startsWith("`") || !trimmed.endsWith("`")) {
			throw new IllegalArgumentException("A Secret row's name and key must be in backticks: " + cell);
		}
		return trimmed.substring(1, trimmed.length() - 1);
	}

}
