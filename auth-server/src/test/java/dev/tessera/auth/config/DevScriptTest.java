package dev.tessera.auth.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/tessera-dev}, the first command a new user runs, prints plain text: the
 * terminal codes Debian's Maven 3.8 emits even with {@code -q} never reach the screen.
 * Maven and Java are stand-ins here (the build itself is what {@code mvn verify} tests).
 */
class DevScriptTest {

	@TempDir
	Path dir;

	@Test
	void theFirstScreenHasNoStrayTerminalCodes() throws Exception {
		Path bin = Files.createDirectories(this.dir.resolve("bin"));
		executable(bin.resolve("mvn"), "#!/bin/sh\nprintf 'building\\033[0m\\033[0m\\n'\nexit 0\n");
		executable(bin.resolve("java"), "#!/bin/sh\necho 'no server in this test'\nexit 1\n");
		executable(bin.resolve("curl"), "#!/bin/sh\nexit 7\n");
		Path script = Path.of("..", "bin", "tessera-dev").toAbsolutePath().normalize();
		ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
		builder.environment().put("PATH", bin + ":/usr/bin:/bin");
		builder.environment().put("TESSERA_DATA_DIR", this.dir.resolve("data").toString());
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String screen = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(screen).contains("Building").contains("The auth server did not start");
		assertThat(screen).as("what the user saw").doesNotContain("\u001b");
		assertThat(this.dir.resolve("data/build.log")).content().contains("building");
	}

	/**
	 * A first start: the screen waits for the credentials the server writes, then shows
	 * the console's address (the port both processes were told) and how to sign in as the
	 * dev admin.
	 */
	@Test
	void theFirstScreenShowsTheConsoleAndHowToSignInAsTheDevAdmin() throws Exception {
		Path bin = Files.createDirectories(this.dir.resolve("bin"));
		Path data = this.dir.resolve("data");
		executable(bin.resolve("mvn"), "#!/bin/sh\nexit 0\n");
		executable(bin.resolve("curl"), "#!/bin/sh\nexit 0\n");
		// the auth server writes its files a moment after it answers; each process
		// leaves the console URL it was given
		executable(bin.resolve("java"),
				"""
						#!/bin/sh
						case "$*" in
						*auth-server*)
							echo "$TESSERA_ADMIN_UI_URL" > "$TESSERA_DATA_DIR/auth-server.url"
							sleep 1
							printf 'client_id=tessera-admin\\nclient_secret=s\\n' > "$TESSERA_DATA_DIR/bootstrap-client.properties"
							printf 'username=admin\\npassword=Gen3rated-Pass_word\\n' > "$TESSERA_DATA_DIR/admin-user.properties"
							sleep 2 ;;
						*)
							echo "$TESSERA_ADMIN_UI_URL" > "$TESSERA_DATA_DIR/admin-ui.url"
							sleep 3 ;;
						esac
						""");
		Path script = Path.of("..", "bin", "tessera-dev").toAbsolutePath().normalize();
		ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
		builder.environment().keySet().removeIf(name -> name.startsWith("TESSERA_") || name.startsWith("SPRING_"));
		builder.environment().put("PATH", bin + ":/usr/bin:/bin");
		builder.environment().put("TESSERA_DATA_DIR", data.toString());
		builder.environment().put("TESSERA_ADMIN_UI_PORT", "9123");
		Process process = builder.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		String screen = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(screen).contains("admin console         http://127.0.0.1:9123\n")
			.contains("Sign in to the console as admin; password: Gen3rated-Pass_word")
			.contains(data.resolve("admin-user.properties").toString())
			.contains("First token")
			.doesNotContain("localhost:9123");
		assertThat(data.resolve("auth-server.url")).content().isEqualToIgnoringNewLines("http://127.0.0.1:9123");
		assertThat(data.resolve("admin-ui.url")).content().isEqualToIgnoringNewLines("http://127.0.0.1:9123");
	}

	private static void executable(Path file, String content) throws IOException {
		Files.writeString(file, content);
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
	}

}
