package dev.tessera.deploy.image;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * An image tarball as Jib's {@code buildTar} writes it (Docker's format: manifest.json,
 * the config JSON, one tar.gz per layer), opened without a container engine: the
 * manifest, the config, and every file of the layers with its mode and owner (a later
 * layer's entry replaces an earlier one's).
 */
final class ImageTarball {

	private static final ObjectMapper json = new ObjectMapper();

	/** A file, directory or link in the image's file system. */
	record Entry(String name, String path, int mode, long uid, long gid, String userName, String groupName, long size,
			boolean directory, String linkTarget, long modifiedEpochSeconds) {

		boolean executable() {
			return (this.mode & 0111) != 0;
		}

		boolean writableByOthers() {
			return (this.mode & 0002) != 0;
		}

	}

	private final Path tar;

	private final JsonNode manifest;

	private final JsonNode config;

	private final Map<String, Entry> files = new LinkedHashMap<>();

	private final Map<String, byte[]> smallFiles = new LinkedHashMap<>();

	private final Map<String, List<String>> layerEntryNames = new LinkedHashMap<>();

	private final Map<String, Long> layerGzipTimes = new LinkedHashMap<>();

	private ImageTarball(Path tar) throws IOException {
		this.tar = tar;
		this.manifest = json.readTree(blob("manifest.json")).get(0);
		this.config = json.readTree(blob(this.manifest.get("Config").asString()));
		for (String layer : layers()) {
			List<String> names = this.layerEntryNames.computeIfAbsent(layer, (key) -> new ArrayList<>());
			forEachLayerEntry(layer, (entry, in) -> {
				names.add(entry.name());
				this.files.put(entry.path(), entry);
				if (!entry.directory() && entry.linkTarget() == null && entry.size() < 64 * 1024) {
					this.smallFiles.put(entry.path(), in.readAllBytes());
				}
			});
		}
	}

	static ImageTarball open(Path tar) {
		try {
			return new ImageTarball(tar);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	List<String> repoTags() {
		List<String> tags = new ArrayList<>();
		this.manifest.get("RepoTags").forEach((tag) -> tags.add(tag.asString()));
		return tags;
	}

	List<String> layers() {
		List<String> layers = new ArrayList<>();
		this.manifest.get("Layers").forEach((layer) -> layers.add(layer.asString()));
		return layers;
	}

	/**
	 * The image config JSON (its {@code config} member holds entrypoint, user, env...).
	 */
	JsonNode config() {
		return this.config;
	}

	JsonNode containerConfig() {
		return this.config.get("config");
	}

	/** Each layer's entry names, in the order its tar holds them. */
	Map<String, List<String>> layerEntryNames() {
		return this.layerEntryNames;
	}

	/** Each layer's gzip header modification time (0: none). */
	Map<String, Long> layerGzipTimes() {
		return this.layerGzipTimes;
	}

	Map<String, Entry> files() {
		return this.files;
	}

	/** A regular file under 64 KiB, as text. */
	String text(String path) {
		byte[] content = this.smallFiles.get(path);
		if (content == null) {
			throw new IllegalArgumentException(path + " is not a small regular file of the image");
		}
		return new String(content, StandardCharsets.UTF_8);
	}

	/**
	 * Writes the image's file system to a directory with its modes (owners need root and
	 * are left to the caller), as a container engine would before starting it.
	 */
	void extractTo(Path root) throws IOException {
		for (String layer : layers()) {
			forEachLayerEntry(layer, (entry, in) -> {
				Path target = root.resolve(entry.path().substring(1));
				if (entry.directory()) {
					Files.createDirectories(target);
				}
				else if (entry.linkTarget() != null) {
					Files.createDirectories(target.getParent());
					Files.deleteIfExists(target);
					Files.createSymbolicLink(target, Path.of(entry.linkTarget()));
					return;
				}
				else {
					Files.createDirectories(target.getParent());
					Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
				}
				Files.setPosixFilePermissions(target, permissions(entry.mode()));
			});
		}
	}

	private byte[] blob(String name) throws IOException {
		try (TarArchiveInputStream outer = new TarArchiveInputStream(
				new BufferedInputStream(Files.newInputStream(this.tar)))) {
			for (TarArchiveEntry entry = outer.getNextEntry(); entry != null; entry = outer.getNextEntry()) {
				if (entry.getName().equals(name)) {
					return outer.readAllBytes();
				}
			}
		}
		throw new IOException(name + " is not in " + this.tar);
	}

	private void forEachLayerEntry(String layer, EntryConsumer consumer) throws IOException {
		try (TarArchiveInputStream outer = new TarArchiveInputStream(
				new BufferedInputStream(Files.newInputStream(this.tar)))) {
			for (TarArchiveEntry blob = outer.getNextEntry(); blob != null; blob = outer.getNextEntry()) {
				if (!blob.getName().equals(layer)) {
					continue;
				}
				GzipCompressorInputStream gzip = new GzipCompressorInputStream(outer);
				TarArchiveInputStream inner = new TarArchiveInputStream(gzip);
				this.layerGzipTimes.put(layer, gzip.getMetaData().getModificationTime());
				for (TarArchiveEntry entry = inner.getNextEntry(); entry != null; entry = inner.getNextEntry()) {
					String path = "/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("/$", "");
					String link = (entry.isSymbolicLink() || entry.isLink()) ? entry.getLinkName() : null;
					consumer.accept(new Entry(entry.getName(), path, entry.getMode() & 07777, entry.getLongUserId(),
							entry.getLongGroupId(), entry.getUserName(), entry.getGroupName(), entry.getSize(),
							entry.isDirectory(), link, entry.getModTime().toInstant().getEpochSecond()), inner);
				}
				return;
			}
		}
		throw new IOException(layer + " is not in " + this.tar);
	}

	private static Set<PosixFilePermission> permissions(int mode) {
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] bits = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		for (int i = 0; i < bits.length; i++) {
			if ((mode & (1 << i)) != 0) {
				permissions.add(bits[i]);
			}
		}
		return permissions;
	}

	@FunctionalInterface
	private interface EntryConsumer {

		void accept(Entry entry, InputStream content) throws IOException;

	}

}
