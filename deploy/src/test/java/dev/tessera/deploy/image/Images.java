package dev.tessera.deploy.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the reactor's image tarballs are: {@code <module>/target/jib-image.tar}, written
 * by Jib at {@code package}. The deploy module depends on both modules, so a reactor
 * build packages them first; a tarball older than its module's compiled classes (a
 * {@code -pl deploy} run after a change, without {@code -am}) fails here instead of
 * testing an old image.
 */
final class Images {

	static final String VERSION = System.getProperty("tessera.version", "0.1.0-SNAPSHOT");

	private Images() {
	}

	static Path tarball(String module) {
		Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
		Path tar = target.resolve("jib-image.tar");
		String rebuild = "; build it first: mvn -pl deploy -am verify (or mvn -pl " + module
				+ " -am package -DskipTests)";
		assertThat(tar).as("the image tarball" + rebuild).isRegularFile();
		Optional<FileTime> newestClass = newest(target.resolve("classes"));
		try {
			FileTime built = Files.getLastModifiedTime(tar);
			newestClass.ifPresent((compiled) -> assertThat(built)
				.as("%s is older than %s/classes, compiled since: a stale image%s", tar, target, rebuild)
				.isGreaterThanOrEqualTo(compiled));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return tar;
	}

	private static Optional<FileTime> newest(Path directory) {
		if (!Files.isDirectory(directory)) {
			return Optional.empty();
		}
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).map((file) -> {
				try {
					return Files.getLastModifiedTime(file);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}).max(Comparator.naturalOrder());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String tag(String module) {
		return "tessera/" + module + ":" + VERSION;
	}

}
