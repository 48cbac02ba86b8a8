import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Prints the JDK modules an application's classpath needs ({@code jdeps --print-module-deps}),
 * for deploy/image/build-rootfs.sh. The application runs on the classpath, so every jar is
 * analysed as unnamed code: a copy without its module-info is what jdeps reads, since jdeps
 * would otherwise resolve a modular jar's requires and stop at the first one that is not
 * there (jakarta.transaction requires jakarta.cdi, which nothing ships).
 * <p>
 * Usage: {@code java ModuleDeps.java <release> <work-dir> <classes-dir> <jar>...}
 */
public class ModuleDeps {

	public static void main(String[] args) throws IOException {
		String release = args[0];
		Path work = Files.createDirectories(Path.of(args[1]));
		List<String> roots = new ArrayList<>();
		roots.add(args[2]);
		for (int i = 3; i < args.length; i++) {
			Path jar = Path.of(args[i]);
			if (Files.isDirectory(jar)) {
				roots.add(jar.toString());
				continue;
			}
			Path copy = work.resolve(i + "-" + jar.getFileName());
			roots.add(withoutModuleInfo(jar, copy) ? copy.toString() : jar.toString());
		}
		List<String> jdepsArgs = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
				"--multi-release", release, "--class-path", String.join(java.io.File.pathSeparator, roots)));
		jdepsArgs.addAll(roots);
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int status = ToolProvider.findFirst("jdeps")
			.orElseThrow()
			.run(new PrintWriter(out, true), new PrintWriter(err, true), jdepsArgs.toArray(String[]::new));
		if (status != 0) {
			System.err.print(out);
			System.err.print(err);
			System.exit(status);
		}
		System.out.println(out.toString().strip());
	}

	/** Copies a modular jar without its module-info; false (no copy) for a plain jar. */
	private static boolean withoutModuleInfo(Path jar, Path copy) throws IOException {
		try (ZipFile in = new ZipFile(jar.toFile())) {
			if (in.stream().noneMatch((entry) -> entry.getName().endsWith("module-info.class"))) {
				return false;
			}
		}
		try (ZipFile in = new ZipFile(jar.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
			Enumeration<? extends ZipEntry> entries = in.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				if (entry.getName().endsWith("module-info.class")) {
					continue;
				}
				out.putNextEntry(new ZipEntry(entry.getName()));
				try (InputStream data = in.getInputStream(entry)) {
					data.transferTo(out);
				}
				out.closeEntry();
			}
		}
		return true;
	}

}
