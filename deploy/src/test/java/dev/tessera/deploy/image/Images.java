package dev.tessera.deploy.image;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the reactor's image tarballs are: {@code <module>/target/jib-image.tar}, written
 * by Jib at {@code package} before this module's tests run.
 */
final class Images {

	static final String VERSION = System.getProperty("tessera.version", "0.1.0-SNAPSHOT");

	private Images() {
	}

	static Path tarball(String module) {
		Path tar = Path.of("..", module, "target", "jib-image.tar").toAbsolutePath().normalize();
		assertThat(tar).as("the image tarball; build it first: mvn -pl " + module + " -am package -DskipTests")
			.isRegularFile();
		return tar;
	}

	static String tag(String module) {
		return "tessera/" + module + ":" + VERSION;
	}

}
