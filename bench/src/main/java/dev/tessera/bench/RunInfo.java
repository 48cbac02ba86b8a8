package dev.tessera.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The facts a reader needs to trust or discount the figures: when, on what machine and
 * which Java, which commit of Tessera, with which options, how long the warm-up was and
 * whether the audit trail was on.
 *
 * @param date when the run started
 * @param commit {@code git rev-parse --short HEAD} of the auth-server jar's repository,
 * or {@code unknown}
 * @param jar the auth-server jar
 * @param serverJava the servers' Java (version, vendor, home), measured in a JVM of their
 * binary
 * @param benchJava the load generator's Java
 * @param cpus processors available
 * @param cpuModel the CPU's model name where the OS says it
 * @param os operating system, version, architecture
 * @param options the options that reproduce the run
 * @param warmup how every server was warmed up
 * @param audit whether Tessera's audit trail was on
 * @param servers how each server was set up and how long it took to start
 * @param baseline whether the run compares Tessera with the baseline
 * ({@code --baseline}); scenarios the baseline cannot serve then say so in the comparison
 * @param stack the baseline's framework versions, or {@code null} when it did not start
 * @param load the machine's 1-minute load average at the start and at the end (other work
 * on a shared machine shows here)
 */
public record RunInfo(Instant date, String commit, Path jar, String serverJava, String benchJava, int cpus,
		String cpuModel, String os, String options, String warmup, String audit, List<String> servers, boolean baseline,
		String stack, String load) {

	/** The 1-minute load average, where the OS tells it. */
	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
		}
		catch (IOException | RuntimeException ex) {
			double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
			return (load >= 0) ? String.format(java.util.Locale.ROOT, "%.2f", load) : "?";
		}
	}

	static String gitCommit(Path jar) {
		Path dir = jar.toAbsolutePath().getParent();
		if (dir == null) {
			return "unknown";
		}
		try {
			Process git = new ProcessBuilder("git", "-C", dir.toString(), "rev-parse", "--short", "HEAD")
				.redirectErrorStream(true)
				.start();
			String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 && out.matches("[0-9a-f]{4,40}")) {
				return out;
			}
		}
		catch (IOException ex) {
			// no git here
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return "unknown";
	}

	static String readCpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return "unknown CPU";
	}

	static String describeOs() {
		return System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
				+ System.getProperty("os.arch");
	}

}
