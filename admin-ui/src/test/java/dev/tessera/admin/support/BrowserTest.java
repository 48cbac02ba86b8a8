package dev.tessera.admin.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The browser-test skip rule: skip locally, fail on CI, run when installed.
 */
class BrowserTest {

	@TempDir
	Path dir;

	@Test
	void missingBrowserSkipsOutsideCi() {
		Path missing = this.dir.resolve("chromium");

		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> Browser.requireInstalled(missing, missing, null))
			.withMessageContaining("Chromium not installed: apt-get install chromium chromium-driver");
		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> Browser.requireInstalled(missing, missing, "false"));
	}

	@Test
	void missingBrowserFailsOnCi() {
		Path missing = this.dir.resolve("chromium");

		assertThatExceptionOfType(AssertionFailedError.class)
			.isThrownBy(() -> Browser.requireInstalled(missing, missing, "true"))
			.withMessageContaining("Chromium not installed: apt-get install chromium chromium-driver");
	}

	@Test
	void missingDriverAloneIsEnoughToSkip() throws IOException {
		Path chromium = executable("chromium");

		assertThatExceptionOfType(TestAbortedException.class)
			.isThrownBy(() -> Browser.requireInstalled(chromium, this.dir.resolve("chromedriver"), null));
	}

	@Test
	void installedBrowserRunsEvenOnCi() throws IOException {
		Path chromium = executable("chromium");
		Path chromedriver = executable("chromedriver");

		assertThatCode(() -> Browser.requireInstalled(chromium, chromedriver, "true")).doesNotThrowAnyException();
		assertThatCode(() -> Browser.requireInstalled(chromium, chromedriver, null)).doesNotThrowAnyException();
	}

	private Path executable(String name) throws IOException {
		return Files.createFile(this.dir.resolve(name),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
	}

}
