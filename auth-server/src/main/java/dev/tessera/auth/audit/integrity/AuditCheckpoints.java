package dev.tessera.auth.audit.integrity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.audit.AuditChainHead;
import dev.tessera.auth.audit.AuditTimestamps;

/**
 * Signed checkpoints of the audit chains, kept outside the database: one JSON line per
 * checkpoint, {@code {"type":"tessera.audit.checkpoint","chainId":…,"seq":…,"hash":…,
 * "at":…,"mac":…}}, appended (and forced to disk) to {@code checkpoints/<chainId>.jsonl}
 * under the audit archive directory and logged, the line alone, by the logger
 * {@value #LOGGER} so that a log collector can keep a copy where the database's users
 * cannot reach it.
 * <p>
 * The MAC is HMAC-SHA-256 under the checkpoint key ({@link AuditKeys}, held only
 * encrypted under the KEK) rather than a JWS under the token signing key: the verifier
 * would have to take a signing key's public half from the database, where whoever holds
 * the database could plant one of their own, and signing keys are retired and deleted on
 * a schedule while checkpoints must stay verifiable for as long as the trail. The price
 * is that only the server (or whoever holds the KEK) can check a checkpoint's MAC; the
 * collector only has to keep the lines.
 */
public class AuditCheckpoints {

	/** The logger whose lines an outside system collects. */
	public static final String LOGGER = "tessera.audit.checkpoint";

	static final String TYPE = "tessera.audit.checkpoint";

	private static final Logger checkpointLog = LoggerFactory.getLogger(LOGGER);

	private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

	private static final String MARKER = "{\"type\":\"" + TYPE + "\"";

	private final SecretKeySpec key;

	private final Path directory;

	private final JsonMapper json;

	/**
	 * @param json writes the checkpoint lines (the application's mapper)
	 */
	public AuditCheckpoints(byte[] checkpointKey, Path archiveDir, JsonMapper json) {
		this.key = new SecretKeySpec(checkpointKey, "HmacSHA256");
		this.directory = archiveDir.resolve("checkpoints");
		this.json = json;
	}

	public Path directory() {
		return this.directory;
	}

	/** The signed JSON line of a chain's head at {@code at}. */
	public String line(AuditChainHead head, Instant at) {
		String hash = Base64.getEncoder().encodeToString(head.hash());
		String time = AuditTimestamps.iso(at);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("type", TYPE);
		json.put("chainId", head.chainId().toString());
		json.put("seq", head.seq());
		json.put("hash", hash);
		json.put("at", time);
		json.put("mac", mac(head.chainId().toString(), head.seq(), hash, time));
		return this.json.writeValueAsString(json);
	}

	/**
	 * Appends the checkpoint to its chain's file (forced to disk) and logs it.
	 * @throws UncheckedIOException if the file cannot be written (the line is still
	 * logged)
	 */
	public void write(AuditChainHead head, Instant at) {
		String line = line(head, at);
		checkpointLog.info(line);
		try {
			createDirectory();
			Path file = this.directory.resolve(head.chainId() + ".jsonl");
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND)) {
				channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
				channel.force(true);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the audit checkpoint in " + this.directory, ex);
		}
	}

	/**
	 * Every checkpoint in the directory's files; the newest genuine one of each chain
	 * counts.
	 */
	public AuditCheckpointSet readDirectory() {
		if (!Files.isDirectory(this.directory)) {
			return AuditCheckpointSet.NONE;
		}
		Parser parser = new Parser(true);
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
				try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
					String line;
					int number = 0;
					while ((line = reader.readLine()) != null) {
						parser.line(line, file.getFileName() + ":" + (++number));
					}
				}
			}
		}
		catch (IOException | UncheckedIOException ex) {
			log.error("Cannot read the audit checkpoints in {}: {}", this.directory, ex.getMessage());
			parser.rejected.add(new AuditVerification.Problem("checkpoints_unreadable", null, null, null,
					"the checkpoint files could not be read: " + ex.getMessage()));
		}
		return parser.result();
	}

	/**
	 * Checkpoints given as JSON lines (as collected from the files or the log; text
	 * before the JSON on a line, such as a log prefix, is ignored; blank lines are
	 * skipped).
	 */
	public AuditCheckpointSet parse(String lines) {
		Parser parser = new Parser(false);
		String[] split = lines.split("\\r?\\n");
		for (int i = 0; i < split.length; i++) {
			parser.line(split[i], "line " + (i + 1));
		}
		return parser.result();
	}

	private String mac(String chainId, long seq, String hash, String at) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			String content = TYPE + "|v1|" + chainId + "|" + seq + "|" + hash + "|" + at;
			return Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void createDirectory() throws IOException {
		if (Files.isDirectory(this.directory)) {
			return;
		}
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			Files.createDirectories(this.directory,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectories(this.directory);
		}
	}

	/** Collects the newest genuine checkpoint per chain and what was rejected. */
	private final class Parser {

		private final boolean fromFiles;

		Parser(boolean fromFiles) {
			this.fromFiles = fromFiles;
		}

		private final Map<UUID, AuditChainHead> newest = new HashMap<>();

		private final List<AuditVerification.Problem> rejected = new ArrayList<>();

		void line(String raw, String where) {
			String line = raw.strip();
			if (line.isEmpty()) {
				return;
			}
			int start = line.indexOf(MARKER);
			if (start > 0) {
				line = line.substring(start);
			}
			UUID chainId = null;
			try {
				Map<String, Object> json = JSONObjectUtils.parse(line);
				if (!TYPE.equals(json.get("type"))) {
					reject(null, where, "not a Tessera audit checkpoint");
					return;
				}
				chainId = UUID.fromString((String) json.get("chainId"));
				Object seqValue = json.get("seq");
				if (!(seqValue instanceof Long || seqValue instanceof Integer)) {
					reject(chainId, where, "no whole seq");
					return;
				}
				long seq = ((Number) seqValue).longValue();
				String hash = (String) json.get("hash");
				String at = (String) json.get("at");
				String mac = (String) json.get("mac");
				if (hash == null || at == null || mac == null
						|| !MessageDigest.isEqual(
								mac(chainId.toString(), seq, hash, at).getBytes(StandardCharsets.US_ASCII),
								mac.getBytes(StandardCharsets.US_ASCII))) {
					reject(chainId, where, "the MAC does not verify: not written by this server");
					return;
				}
				Instant.parse(at);
				AuditChainHead head = new AuditChainHead(chainId, seq, Base64.getDecoder().decode(hash));
				this.newest.merge(chainId, head, (a, b) -> (b.seq() > a.seq()) ? b : a);
			}
			catch (ParseException | RuntimeException ex) {
				reject(chainId, where, "not a well-formed checkpoint");
			}
		}

		private void reject(UUID chainId, String where, String why) {
			// a caller's lines are answered in the response; only the server's own files
			// warn
			if (this.fromFiles) {
				log.warn("Audit checkpoint rejected ({}): {}", where, why);
			}
			this.rejected
				.add(new AuditVerification.Problem("checkpoint_rejected", chainId, null, null, where + ": " + why));
		}

		AuditCheckpointSet result() {
			return new AuditCheckpointSet(Map.copyOf(this.newest), List.copyOf(this.rejected));
		}

	}

}
