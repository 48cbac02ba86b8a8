package dev.tessera.auth.audit.retention;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditRow;
import dev.tessera.auth.audit.AuditTimestamps;

/**
 * One archive file of audit rows leaving the database: every column, one JSON object per
 * line ({@code detail} as its stored text and the hashes in base64, so the chain can
 * still be recomputed from the file alone). Written under a temporary name, forced to
 * disk and only then linked to {@code audit-<earliest>-<latest>.jsonl} (or {@code -2},
 * {@code -3}... when that name is taken: an existing archive is never replaced), so a
 * file under its final name is always complete; the rows are deleted only after that.
 * Directory and file are readable by the server's user alone.
 */
final class AuditArchiveFile implements Closeable {

	private static final Base64.Encoder BASE64 = Base64.getEncoder();

	private final JsonMapper json;

	private final Path directory;

	private final Path temporary;

	private final FileChannel channel;

	private final Writer writer;

	private Instant earliest;

	private Instant latest;

	private long rows;

	private boolean finished;

	private AuditArchiveFile(JsonMapper json, Path directory, Path temporary, FileChannel channel) {
		this.json = json;
		this.directory = directory;
		this.temporary = temporary;
		this.channel = channel;
		this.writer = new BufferedWriter(
				new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 64 * 1024);
	}

	/** The file system's own channel: what production writes through. */
	static final ChannelOpener FILES = temporary -> FileChannel.open(temporary, StandardOpenOption.WRITE,
			StandardOpenOption.TRUNCATE_EXISTING);

	/**
	 * @param json writes each row's line (the application's mapper)
	 * @param channels opens the temporary file for writing ({@link #FILES}; tests put a
	 * failing device there)
	 */
	static AuditArchiveFile create(Path directory, JsonMapper json, ChannelOpener channels) throws IOException {
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		if (!Files.isDirectory(directory)) {
			if (posix) {
				Files.createDirectories(directory, attribute("rwx------"));
			}
			else {
				Files.createDirectories(directory);
			}
		}
		Path temporary = posix ? Files.createTempFile(directory, ".audit-", ".jsonl.tmp", attribute("rw-------"))
				: Files.createTempFile(directory, ".audit-", ".jsonl.tmp");
		try {
			return new AuditArchiveFile(json, directory, temporary, channels.open(temporary));
		}
		catch (IOException | RuntimeException ex) {
			Files.deleteIfExists(temporary);
			throw ex;
		}
	}

	/** Opens the channel an archive is written through. */
	@FunctionalInterface
	interface ChannelOpener {

		FileChannel open(Path temporary) throws IOException;

	}

	/** The earliest and latest {@code occurred_at} name the file. */
	void append(AuditRow stored) {
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("id", stored.id().toString());
		row.put("chain_id", stored.chainId().toString());
		row.put("seq", stored.seq());
		row.put("occurred_at", AuditTimestamps.iso(stored.occurredAt()));
		row.put("correlation_id", stored.correlationId());
		row.put("principal", stored.principal());
		row.put("principal_type", stored.principalType());
		row.put("operation", stored.operation());
		row.put("source_ip", stored.sourceIp());
		row.put("outcome", stored.outcome());
		row.put("detail", stored.detail());
		row.put("payload_ref", stored.payloadRef());
		row.put("prev_hash", BASE64.encodeToString(stored.prevHash()));
		row.put("hash", BASE64.encodeToString(stored.hash()));
		try {
			this.writer.write(this.json.writeValueAsString(row));
			this.writer.write('\n');
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the audit archive " + this.temporary, ex);
		}
		Instant occurredAt = stored.occurredAt();
		if (this.earliest == null || occurredAt.isBefore(this.earliest)) {
			this.earliest = occurredAt;
		}
		if (this.latest == null || occurredAt.isAfter(this.latest)) {
			this.latest = occurredAt;
		}
		this.rows++;
	}

	long rows() {
		return this.rows;
	}

	/**
	 * Forces the content to disk and gives the file its final name.
	 * @return the final path
	 */
	Path finish() throws IOException {
		this.writer.flush();
		this.channel.force(true);
		this.channel.close();
		String name = "audit-" + AuditTimestamps.forFileName(this.earliest) + "-"
				+ AuditTimestamps.forFileName(this.latest);
		// never over an existing file (a month archived again after a refused drop, two
		// files of one month ending in the same instant): the next free "-2", "-3"...
		Path target = null;
		for (int attempt = 1; target == null; attempt++) {
			Path candidate = this.directory.resolve(name + ((attempt > 1) ? "-" + attempt : "") + ".jsonl");
			try {
				Files.createLink(candidate, this.temporary);
				target = candidate;
			}
			catch (FileAlreadyExistsException ex) {
				// taken: try the next name
			}
			catch (UnsupportedOperationException | FileSystemException ex) {
				// no hard links here (SMB such as Azure Files, some NFS: link(2) fails
				// with
				// EPERM or ENOTSUP): a move, which refuses an existing name all the same
				target = moveUnlessTaken(candidate);
			}
		}
		Files.deleteIfExists(this.temporary);
		this.finished = true;
		forceDirectory();
		return target;
	}

	/**
	 * Moves the temporary file to {@code candidate} unless that name is taken.
	 * @return {@code candidate}, or null when taken
	 */
	private Path moveUnlessTaken(Path candidate) throws IOException {
		if (Files.exists(candidate)) {
			return null;
		}
		try {
			return Files.move(this.temporary, candidate);
		}
		catch (FileAlreadyExistsException ex) {
			return null;
		}
	}

	/** Makes the rename itself durable, where the platform allows opening a directory. */
	private void forceDirectory() {
		try (FileChannel dir = FileChannel.open(this.directory, StandardOpenOption.READ)) {
			dir.force(true);
		}
		catch (IOException | UnsupportedOperationException ex) {
			// not supported here (e.g. Windows); the file itself is already on disk
		}
	}

	/** Removes the temporary file if {@link #finish()} was not reached. */
	@Override
	public void close() throws IOException {
		if (!this.finished) {
			try {
				this.channel.close();
			}
			finally {
				Files.deleteIfExists(this.temporary);
			}
		}
	}

	private static FileAttribute<Set<PosixFilePermission>> attribute(String permissions) {
		return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
	}

}
