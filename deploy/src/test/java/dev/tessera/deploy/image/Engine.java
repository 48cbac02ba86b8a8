package dev.tessera.deploy.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * How this machine can start an image: with podman when it can run a container here
 * (tried with its default OCI runtime, then runc, and with file and process limits this
 * machine allows), else by chroot into the image's extracted layers as its user (needs
 * root and a mount namespace), else not at all, with the reason. Under {@code CI=true}
 * (where .ci/run installs podman) podman must work: the chroot would not test the
 * read-only root. {@code -Dtessera.image.engine=chroot} forces the second way.
 */
abstract class Engine implements AutoCloseable {

	abstract String description();

	/** Removes what the engine keeps of the image (podman's copy of its layers). */
	@Override
	public void close() {
	}

	boolean canRun() {
		return true;
	}

	abstract Running start(Map<String, String> env) throws IOException;

	/** A started server: whether it still runs, its output so far, and stopping it. */
	interface Running extends AutoCloseable {

		boolean alive();

		/** The server's output, as text to append to an assertion message. */
		String logs();

		@Override
		void close();

	}

	static Engine detect(Path tarball, String tag, Path work) throws Exception {
		String forced = System.getProperty("tessera.image.engine", "");
		List<String> whyNot = new ArrayList<>();
		if (!forced.equals("chroot")) {
			if (onPath("podman")) {
				Engine podman = Podman.probe(tarball, tag, work, whyNot);
				if (podman != null) {
					return podman;
				}
				if ("true".equals(System.getenv("CI"))) {
					// CI installs podman to test the read-only root: the chroot would not
					throw new AssertionError(
							"podman is installed but cannot run the image: " + String.join("; ", whyNot));
				}
			}
			else if ("true".equals(System.getenv("CI"))) {
				throw new AssertionError(
						"podman is not installed, and .ci/run installs it (apt-get install podman runc)");
			}
			else {
				whyNot.add("podman is not installed (apt-get install podman runc)");
			}
		}
		String noChroot = null;
		if (!run(List.of("id", "-u")).output().strip().equals("0")) {
			noChroot = "not root, so no chroot into the image's files";
		}
		else {
			Result unshare = run(List.of(String.valueOf(which("unshare")), "--mount", "true"));
			if (unshare.status() != 0) {
				noChroot = "no mount namespace for a chroot (unshare --mount: " + unshare.output().strip() + ")";
			}
		}
		if (noChroot != null) {
			whyNot.add(noChroot);
			return new Engine() {
				@Override
				String description() {
					return "skipped: cannot start the image here: " + String.join("; ", whyNot);
				}

				@Override
				boolean canRun() {
					return false;
				}

				@Override
				Running start(Map<String, String> env) {
					throw new UnsupportedOperationException();
				}
			};
		}
		return new Chroot(ImageTarball.open(tarball), work.resolve("rootfs"), whyNot);
	}

	static boolean onPath(String command) {
		return which(command) != null;
	}

	/** The command's absolute path on this PATH (the sbin directories too), or null. */
	static String which(String command) {
		String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
		for (String dir : path.split(":")) {
			if (Files.isExecutable(Path.of(dir, command))) {
				return Path.of(dir, command).toString();
			}
		}
		return null;
	}

	record Result(int status, String output) {
	}

	/**
	 * Runs a command to its end, at most five minutes. Its output goes to a file, not a
	 * pipe read first: reading a pipe to its end blocks for as long as the command (or a
	 * child holding the pipe) runs, and the timeout would never be reached.
	 */
	static Result run(List<String> command) throws IOException, InterruptedException {
		Path output = Files.createTempFile("tessera-image-command", ".log");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new IOException("timed out after 5 minutes: " + command + "\n" + Files.readString(output));
			}
			return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	/**
	 * podman, with its storage under target/ (vfs: no overlay needed) and the host's
	 * network.
	 */
	static final class Podman extends Engine {

		private final List<String> podman;

		private final List<String> runFlags;

		private final String tag;

		private final Path work;

		private Podman(List<String> podman, List<String> runFlags, String tag, Path work) {
			this.podman = podman;
			this.runFlags = runFlags;
			this.tag = tag;
			this.work = work;
		}

		static Podman probe(Path tarball, String tag, Path work, List<String> whyNot) throws Exception {
			Path storage = Path.of("target", "podman").toAbsolutePath();
			List<String> podman = List.of("podman", "--storage-driver=vfs", "--root",
					storage.resolve("root").toString(), "--runroot", storage.resolve("run").toString());
			Result load = run(concat(podman, List.of("load", "-i", tarball.toString())));
			if (load.status() != 0) {
				whyNot.add("podman load failed: " + load.output().strip());
				return null;
			}
			// the name podman gave it (docker.io/ or localhost/ before the tag), and
			// --pull=never everywhere: a name it did not find would otherwise be looked
			// up
			// in registries, a minute of retries where none is reachable
			Matcher loaded = Pattern.compile("Loaded image\\(?s?\\)?: *(\\S+)").matcher(load.output());
			String image = loaded.find() ? loaded.group(1) : tag;
			List<List<String>> runtimes = new ArrayList<>();
			runtimes.add(List.of());
			if (onPath("runc")) {
				runtimes.add(List.of("--runtime", "runc"));
			}
			List<List<String>> limits = List.of(List.of(),
					List.of("--ulimit", "nofile=4096:4096", "--ulimit", "nproc=4096:4096"));
			for (List<String> runtime : runtimes) {
				for (List<String> limit : limits) {
					List<String> global = concat(podman, runtime);
					Result probe = run(concat(global, concat(List.of("run", "--rm", "--pull=never", "--network=host"),
							concat(limit, List.of("--entrypoint", "/opt/java/bin/java", image, "-version")))));
					if (probe.status() == 0) {
						return new Podman(global, limit, image, work);
					}
					whyNot.add("podman " + String.join(" ", concat(runtime, limit)) + ": "
							+ probe.output().strip().lines().reduce((first, last) -> last).orElse(""));
				}
			}
			// no engine to close: the loaded copy (a few hundred MB under vfs) goes now
			exec(concat(podman, List.of("rmi", "-f", image)));
			return null;
		}

		@Override
		public void close() {
			exec(concat(this.podman, List.of("rmi", "-f", this.tag)));
		}

		@Override
		String description() {
			return "podman (" + String.join(" ", this.podman.subList(1, this.podman.size())) + " run "
					+ String.join(" ", this.runFlags)
					+ " --pull=never --read-only --tmpfs /tmp --tmpfs /var/lib/tessera)";
		}

		@Override
		Running start(Map<String, String> env) throws IOException {
			Path envFile = this.work.resolve("server.env");
			StringBuilder lines = new StringBuilder();
			env.forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
			// the test's (random) secrets: readable by this user only, and gone once
			// podman
			// has read them into the container's configuration
			Files.deleteIfExists(envFile);
			Files.createFile(envFile,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			Files.writeString(envFile, lines);
			String name = "tessera-image-test-" + UUID.randomUUID().toString().substring(0, 8);
			List<String> command = concat(this.podman,
					concat(List.of("run", "-d", "--pull=never", "--name", name, "--network=host"),
							concat(this.runFlags,
									List.of("--read-only", "--tmpfs", "/tmp:rw,exec,nosuid,nodev,size=256m", "--tmpfs",
											"/var/lib/tessera:rw,noexec,nosuid,nodev,mode=1777", "--env-file",
											envFile.toString(), this.tag))));
			try {
				Result started = run(command);
				if (started.status() != 0) {
					throw new IOException("podman run failed: " + started.output());
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException(ex);
			}
			finally {
				Files.deleteIfExists(envFile);
			}
			List<String> podman = this.podman;
			// a detached container outlives the JVM: an interrupted build (Ctrl-C, a
			// surefire timeout) removes it on the way out, close() does otherwise
			Thread removal = new Thread(() -> exec(concat(podman, List.of("rm", "-f", "-t", "5", name))));
			Runtime.getRuntime().addShutdownHook(removal);
			return new Running() {
				@Override
				public boolean alive() {
					return exec(concat(podman, List.of("inspect", "-f", "{{.State.Running}}", name))).strip()
						.equals("true");
				}

				@Override
				public String logs() {
					return "\n--- podman logs " + name + " ---\n" + exec(concat(podman, List.of("logs", name)));
				}

				@Override
				public void close() {
					exec(concat(podman, List.of("rm", "-f", "-t", "10", name)));
					try {
						Runtime.getRuntime().removeShutdownHook(removal);
					}
					catch (IllegalStateException ex) {
						// already shutting down: the hook runs too, removing nothing
					}
				}
			};
		}

	}

	/**
	 * The image's files extracted to a directory and its entrypoint run there by
	 * {@code chroot --userspec=10001:10001}, in a mount namespace with /proc, /dev and a
	 * tmpfs /tmp: nothing from the host's files but those.
	 */
	static final class Chroot extends Engine {

		private final ImageTarball image;

		private final Path rootfs;

		private final List<String> whyNotPodman;

		Chroot(ImageTarball image, Path rootfs, List<String> whyNotPodman) {
			this.image = image;
			this.rootfs = rootfs;
			this.whyNotPodman = whyNotPodman;
		}

		@Override
		String description() {
			return "unshare --mount + chroot --userspec=10001:10001 into the image's extracted layers (podman could not run it: "
					+ (this.whyNotPodman.isEmpty() ? "not tried" : String.join("; ", this.whyNotPodman)) + ")";
		}

		@Override
		Running start(Map<String, String> env) throws IOException {
			this.image.extractTo(this.rootfs);
			Files.createDirectories(this.rootfs.resolve("proc"));
			Files.createDirectories(this.rootfs.resolve("dev"));
			// what an engine (podman, the kubelet) mounts at /etc/hosts: the image has
			// none
			Files.writeString(this.rootfs.resolve("etc/hosts"), "127.0.0.1 localhost\n::1 localhost\n");
			JsonNode config = this.image.containerConfig();
			// a mount namespace with what an engine gives a container: /proc (the loader
			// finds java's $ORIGIN through /proc/self/exe), /dev and a tmpfs /tmp; the
			// host's tools by absolute path, since the environment is the image's
			List<String> command = new ArrayList<>(List.of(which("unshare"), "--mount", "--propagation", "private",
					which("sh"), "-c",
					"m=\"$1\" c=\"$2\"; shift 2; \"$m\" -t proc proc \"$0/proc\" && \"$m\" --rbind /dev \"$0/dev\" && "
							+ "\"$m\" -t tmpfs -o mode=1777,nosuid,nodev tmpfs \"$0/tmp\" && "
							+ "exec \"$c\" --userspec=10001:10001 \"$0\" \"$@\"",
					this.rootfs.toString(), which("mount"), which("chroot")));
			config.get("Entrypoint").forEach((argument) -> command.add(argument.asString()));
			ProcessBuilder builder = new ProcessBuilder(command);
			builder.environment().clear();
			config.get("Env").forEach((variable) -> {
				String[] pair = variable.asString().split("=", 2);
				builder.environment().put(pair[0], pair[1]);
			});
			builder.environment().putAll(env);
			Path log = this.rootfs.resolveSibling("server.log");
			Process process = builder.directory(this.rootfs.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new Running() {
				@Override
				public boolean alive() {
					return process.isAlive();
				}

				@Override
				public String logs() {
					try {
						return "\n--- server output ---\n" + Files.readString(log);
					}
					catch (IOException ex) {
						return "\n(no output: " + ex + ")";
					}
				}

				@Override
				public void close() {
					process.destroy();
					try {
						if (!process.waitFor(20, TimeUnit.SECONDS)) {
							process.destroyForcibly().waitFor();
						}
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			};
		}

	}

	private static String exec(List<String> command) {
		try {
			return run(command).output();
		}
		catch (IOException ex) {
			return ex.toString();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ex.toString();
		}
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

}
