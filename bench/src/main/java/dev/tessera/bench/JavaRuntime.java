package dev.tessera.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * Which {@code java} the servers run on and how to start one of the benchmark's own
 * classes in a fresh JVM. Every server (Tessera and baseline) and the crypto floor use
 * the same binary, {@code $JAVA_HOME/bin/java} when set, else this JVM's own, so the
 * figures compare one runtime.
 */
final class JavaRuntime {

	/** Boot's launcher that can start any main class of a repackaged jar. */
	private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	/** A copy of the benchmark's own jar that child JVMs start from, or {@code null}. */
	private static volatile Path pinnedJar;

	private JavaRuntime() {
	}

	/**
	 * When the benchmark runs from its repackaged jar, copies it into the run's work
	 * directory and starts child JVMs from the copy, so a rebuild during the run cannot
	 * pull classes out from under them.
	 */
	static void pinOwnJar(Path workDir) {
		Path jar = repackagedJar();
		if (jar == null) {
			pinnedJar = null;
			return;
		}
		Path copy = workDir.resolve(jar.getFileName());
		try {
			Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			pinnedJar = copy;
		}
		catch (IOException ex) {
			pinnedJar = null;
			Log.line("could not copy " + jar + " (" + ex.getMessage() + "); child JVMs start from it directly");
		}
	}

	static Path serverJava() {
		String javaHome = System.getenv("JAVA_HOME");
		if (javaHome != null && !javaHome.isBlank()) {
			Path java = Path.of(javaHome, "bin", "java");
			if (Files.isExecutable(java)) {
				return java;
			}
			Log.line("JAVA_HOME=" + javaHome + " has no bin/java; using this JVM's java");
		}
		return ProcessHandle.current().info().command().map(Path::of).orElse(Path.of("java"));
	}

	/**
	 * A command line that runs {@code mainClass} from the benchmark's own classes:
	 * through Boot's {@code PropertiesLauncher} when the benchmark runs from its
	 * repackaged jar, else with this JVM's class path (Maven, an IDE).
	 */
	static List<String> benchClass(Path java, List<String> jvmArgs, String mainClass, List<String> args) {
		List<String> command = new ArrayList<>();
		command.add(java.toString());
		command.addAll(jvmArgs);
		Path fatJar = (pinnedJar != null) ? pinnedJar : repackagedJar();
		if (fatJar != null) {
			command.add("-cp");
			command.add(fatJar.toString());
			command.add("-Dloader.main=" + mainClass);
			command.add(PROPERTIES_LAUNCHER);
		}
		else {
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(mainClass);
		}
		command.addAll(args);
		return command;
	}

	/** The jar this JVM was started from with {@code -jar}, if it is a Boot fat jar. */
	private static Path repackagedJar() {
		String classPath = System.getProperty("java.class.path", "");
		if (classPath.isEmpty() || classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
			return null;
		}
		Path jar = Path.of(classPath).toAbsolutePath();
		try (JarFile file = new JarFile(jar.toFile())) {
			return (file.getEntry("BOOT-INF/classes/") != null) ? jar : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
