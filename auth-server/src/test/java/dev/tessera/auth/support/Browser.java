package dev.tessera.auth.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.util.FileSystemUtils;

/**
 * A headless Debian Chromium for browser tests (the admin console's tests use the same
 * packages), started on first use in a test and quit after it. Register it as an instance
 * field with {@code @RegisterExtension}. When Chromium or its driver is not installed,
 * {@link #driver()} skips the test, except under CI ({@code CI=true}), where it fails it
 * ({@link Ci}).
 * <p>
 * The driver executable is given explicitly, so Selenium Manager never tries to download
 * a browser or a driver, and the flags keep Chromium off the network.
 */
public final class Browser implements AfterEachCallback {

	/** Debian's Chromium launcher ({@code apt-get install chromium}). */
	public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	/** Debian's ChromeDriver ({@code apt-get install chromium-driver}). */
	public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	/** Where screenshots go: kept with the build's other test artifacts. */
	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private ChromeDriver driver;

	private Path profile;

	/** The running browser, started on the first call in a test. */
	public ChromeDriver driver() {
		if (this.driver == null) {
			Ci.require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
					"Chromium not installed: apt-get install chromium chromium-driver");
			this.driver = start();
		}
		return this.driver;
	}

	/** Saves what the browser shows now as {@code target/screenshots/<name>.png}. */
	public Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, driver().getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ChromeDriver start() {
		try {
			this.profile = Files.createTempDirectory("tessera-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1024,900", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		ChromeDriver chrome = new ChromeDriver(service, options);
		chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
		chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		return chrome;
	}

	@Override
	public void afterEach(ExtensionContext context) throws IOException {
		try {
			if (this.driver != null) {
				this.driver.quit();
			}
		}
		finally {
			this.driver = null;
			if (this.profile != null) {
				FileSystemUtils.deleteRecursively(this.profile);
				this.profile = null;
			}
		}
	}

}
