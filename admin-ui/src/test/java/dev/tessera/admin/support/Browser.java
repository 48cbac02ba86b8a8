package dev.tessera.admin.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.util.FileSystemUtils;

/**
 * A headless Debian Chromium for browser tests, started on first use in a test and quit
 * after it. Register it as an instance field: <pre>
 * &#64;RegisterExtension
 * final Browser browser = new Browser();
 * </pre> When Chromium or its driver is not installed, {@link #driver()} skips the
 * calling test, except on CI ({@code CI=true}), where a missing browser fails it: a CI
 * job must not go green by silently skipping its browser tests.
 * <p>
 * The driver executable is always given explicitly, so Selenium Manager never tries to
 * download a browser or driver; the flags keep Chromium off the network (the build
 * machines have none, and Chromium otherwise hangs on lookups).
 */
public final class Browser implements AfterEachCallback {

	/** Debian's Chromium launcher ({@code apt-get install chromium}). */
	public static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	/** Debian's ChromeDriver ({@code apt-get install chromium-driver}). */
	public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	static final String NOT_INSTALLED = "Chromium not installed: apt-get install chromium chromium-driver";

	private WebDriver driver;

	private Path profile;

	/**
	 * The running browser, started on the first call in a test. Skips the test (or fails
	 * it on CI) when Chromium is not installed.
	 */
	public WebDriver driver() {
		if (this.driver == null) {
			requireInstalled(CHROMIUM, CHROMEDRIVER, System.getenv("CI"));
			this.driver = start();
		}
		return this.driver;
	}

	/**
	 * The skip rule: nothing when both executables exist; otherwise a skipped test with
	 * {@link #NOT_INSTALLED}, or a failed one when {@code ci} is {@code "true"}.
	 */
	static void requireInstalled(Path chromium, Path chromedriver, String ci) {
		if (Files.isExecutable(chromium) && Files.isExecutable(chromedriver)) {
			return;
		}
		if ("true".equals(ci)) {
			Assertions.fail(NOT_INSTALLED + " (CI=true: browser tests must run, not skip)");
		}
		Assumptions.assumeTrue(false, NOT_INSTALLED);
	}

	private WebDriver start() {
		try {
			this.profile = Files.createTempDirectory("tessera-chromium-");
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot create a Chromium profile directory", ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER.toString()))
			.usingAnyFreePort()
			.build();
		ChromeDriver chrome = new ChromeDriver(service, options);
		chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
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
