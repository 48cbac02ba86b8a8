package dev.tessera.admin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

/**
 * Keeps a screenshot of each console page a browser test visits, as a test artifact in
 * {@code target/screenshots/<name>.png}: a reviewer sees every page as the test saw it.
 */
public final class Screenshots {

	private static final Path DIRECTORY = Path.of("target", "screenshots");

	private Screenshots() {
	}

	public static Path take(WebDriver driver, String name) {
		try {
			Files.createDirectories(DIRECTORY);
			Path file = DIRECTORY.resolve(name + ".png");
			Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
