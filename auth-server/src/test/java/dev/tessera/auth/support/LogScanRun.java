package dev.tessera.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the log scan for secrets keeps the files of one build: the surefire executions of
 * {@code auth-server/pom.xml} pass the build's start ({@code maven.build.timestamp},
 * {@code yyyyMMddHHmmssSSS} UTC) as {@value #BUILD_PROPERTY} and their role as
 * {@value #ROLE_PROPERTY} ({@code record} in the default execution, {@code scan} in the
 * {@code log-scan} execution that runs {@code NoSecretInLogsTest} after it). Each test
 * JVM writes its captured output ({@link LogCapture}) and the secrets it recorded
 * ({@link LoggedSecrets}) to {@code target/log-scan/<build>/}, so the scan reads this
 * build's files and no earlier build's. Outside Maven (an IDE) a JVM is a build of its
 * own.
 */
public final class LogScanRun {

	static final String BUILD_PROPERTY = "tessera.log-scan.build";

	static final String ROLE_PROPERTY = "tessera.log-scan.role";

	private static final DateTimeFormatter BUILD_FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

	private static final Path ROOT = Path.of("target", "log-scan");

	private LogScanRun() {
	}

	/**
	 * Whether Maven started this JVM (one of the surefire executions, which pass the
	 * build's start as its id).
	 */
	public static boolean fromMaven() {
		if (System.getProperty(ROLE_PROPERTY) == null) {
			return false;
		}
		String build = System.getProperty(BUILD_PROPERTY);
		if (build == null || !build.matches("\\d{17}")) {
			// else every JVM would be a build of its own and the scan would see only
			// itself
			throw new IllegalStateException(BUILD_PROPERTY + " is not a build id (yyyyMMddHHmmssSSS): " + build);
		}
		return true;
	}

	/** Whether this JVM is the {@code log-scan} execution's. */
	public static boolean scanning() {
		return "scan".equals(System.getProperty(ROLE_PROPERTY));
	}

	/** This build's id: its start under Maven, else this JVM's own. */
	public static String build() {
		return fromMaven() ? System.getProperty(BUILD_PROPERTY) : "standalone-" + ProcessHandle.current().pid();
	}

	/** When this build started (this JVM's start outside Maven). */
	public static Instant started() {
		if (fromMaven()) {
			return LocalDateTime.parse(build(), BUILD_FORMAT).toInstant(ZoneOffset.UTC);
		}
		return Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
	}

	/** This build's directory, created. */
	public static Path directory() {
		Path directory = ROOT.resolve(build());
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return directory;
	}

	/** This JVM's file of the given kind ({@code captured}, {@code secrets}). */
	static Path file(String kind, String extension) {
		return directory().resolve(kind + "-" + ProcessHandle.current().pid() + "." + extension);
	}

	/** The line every JVM logs when its tests are done (and the scan looks for). */
	public static String canaryLine(long pid) {
		return "Log scan canary: JVM " + pid + " of build " + build() + " is done";
	}

	/** The value every JVM records as a secret when its tests are done (never logged). */
	public static String canarySecret(long pid) {
		return "log-scan-canary-secret-" + pid + "-" + build();
	}

	/**
	 * Deletes what earlier builds left in {@code target/log-scan/} (every entry but this
	 * build's directory), so it cannot pile up; the scan reads only this build's
	 * directory anyway.
	 */
	static void removeEarlierBuilds() {
		if (!Files.isDirectory(ROOT)) {
			return;
		}
		try (Stream<Path> entries = Files.list(ROOT)) {
			for (Path entry : entries.filter((e) -> !e.getFileName().toString().equals(build())).toList()) {
				delete(entry);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void delete(Path entry) throws IOException {
		try (Stream<Path> tree = Files.walk(entry)) {
			for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
				try {
					Files.deleteIfExists(path);
				}
				catch (NoSuchFileException ex) {
					// another JVM of this build removed it first
				}
			}
		}
		catch (NoSuchFileException ex) {
			// another JVM of this build removed it first
		}
	}

}
