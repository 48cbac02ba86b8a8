package dev.tessera.auth.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the credentials the development bootstrap generates (a client's secret, the dev
 * admin's password) to a file only its owner can read, the one way they leave the server:
 * they are never logged. The file is created with its rights (never readable by others,
 * not even for an instant) and replaces any earlier one.
 */
final class OwnerOnlyFile {

	private OwnerOnlyFile() {
	}

	/**
	 * Writes {@code key=value} lines, each ending with a newline.
	 * @return the file's absolute path, for the log
	 */
	static Path writeProperties(Path file, String... lines) {
		StringBuilder content = new StringBuilder();
		for (String line : lines) {
			content.append(line).append('\n');
		}
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.deleteIfExists(file);
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(file, content, StandardCharsets.UTF_8);
			return file.toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the bootstrap credentials to " + file, ex);
		}
	}

}
