package dev.tessera.auth.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds secrets in log lines: every line is searched for every value, through an index of
 * the values' first {@value #PREFIX} characters (so a run's thousands of values and
 * hundreds of thousands of lines take seconds, not hours). A finding names the line and
 * the value masked, so the report does not leak what it found.
 */
public final class LogScanner {

	static final int PREFIX = LoggedSecrets.MIN_LENGTH;

	private final Map<String, List<String>> byPrefix = new HashMap<>();

	public LogScanner(Collection<String> secrets) {
		for (String secret : secrets) {
			if (secret.length() >= PREFIX) {
				this.byPrefix.computeIfAbsent(secret.substring(0, PREFIX), (key) -> new ArrayList<>()).add(secret);
			}
		}
	}

	/** The secrets in one line (empty: none). */
	public List<String> find(String line) {
		List<String> found = new ArrayList<>();
		for (int i = 0; i + PREFIX <= line.length(); i++) {
			List<String> candidates = this.byPrefix.get(line.substring(i, i + PREFIX));
			if (candidates != null) {
				for (String candidate : candidates) {
					if (line.startsWith(candidate, i) && !found.contains(candidate)) {
						found.add(candidate);
					}
				}
			}
		}
		return found;
	}

	/** Every finding in a file, as {@code file:line: masked value}. */
	public List<String> scan(Path file) {
		List<String> findings = new ArrayList<>();
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			int number = 0;
			while ((line = reader.readLine()) != null) {
				number++;
				for (String secret : find(line)) {
					findings.add(file.getFileName() + ":" + number + ": " + mask(secret) + " in: "
							+ line.replace(secret, mask(secret)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return findings;
	}

	static String mask(String secret) {
		return secret.substring(0, 3) + "…(" + secret.length() + " chars)";
	}

}
