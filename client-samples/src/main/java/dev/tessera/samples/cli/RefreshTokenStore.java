package dev.tessera.samples.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.oauth2.sdk.ParseException;
import com.sun.security.auth.module.UnixSystem;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import net.minidev.json.JSONObject;

/**
 * The refresh token of one (issuer, client id), in a file of the user's config directory
 * that only the user can read, the way {@code ~/.ssh} keeps private keys:
 * <ul>
 * <li>the directory is created {@code 0700} and the file {@code 0600}, both with those
 * rights from the moment they exist (set in the create call, not changed afterwards, so
 * there is no moment when another user could open them);
 * <li>a new token is written to a temporary file (also {@code 0600}) and renamed over the
 * old one, so a crash leaves the old token or the new one, never half of either;
 * <li>a file that others can read or change, or a directory others can write to, is
 * refused, as ssh refuses such a key: its token must be taken as leaked; so is a file or
 * directory of another user, and a link in place of the file (it is opened with
 * {@code O_NOFOLLOW}, so a link put there after the check fails too).
 * </ul>
 * Every read-refresh-write runs under a lock ({@link #locked}): Tessera rotates refresh
 * tokens and treats a spent one sent again as theft (it revokes the whole sign-in), so
 * two commands run at once must not both refresh with the same token.
 * <p>
 * POSIX file systems only (Linux, macOS); on Windows keep the token in the Credential
 * Manager instead.
 */
final class RefreshTokenStore {

	private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

	private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

	private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
			PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
			PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

	private static final Set<PosixFilePermission> GROUP_OR_OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
			PosixFilePermission.OTHERS_WRITE);

	private static final long CURRENT_UID = new UnixSystem().getUid();

	/** Far more than a token file holds: a larger file is not one. */
	private static final int MAX_FILE_SIZE = 16 * 1024;

	private final Path directory;

	private final Issuer issuer;

	private final ClientID clientId;

	private final String name;

	RefreshTokenStore(Path directory, Issuer issuer, ClientID clientId) {
		this.directory = directory;
		this.issuer = issuer;
		this.clientId = clientId;
		this.name = "refresh-token-" + digest(issuer.getValue() + "\n" + clientId.getValue());
	}

	/** The token's file: one per (issuer, client id), so several Tesseras can be used. */
	Path file() {
		return this.directory.resolve(this.name + ".json");
	}

	/**
	 * Runs {@code work} holding this store's lock (an OS file lock on a file beside the
	 * token's, so it holds across processes and is released if the process dies).
	 */
	<T> T locked(Work<T> work) throws CliException, IOException {
		ensureDirectory();
		try (FileChannel channel = FileChannel.open(this.directory.resolve(this.name + ".lock"),
				Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
				ownerOnly(OWNER_ONLY_FILE)); FileLock lock = channel.lock()) {
			return work.run();
		}
	}

	/**
	 * The stored token, or empty when there is none.
	 * @throws CliException when the file is readable by others, or not a token file of
	 * this issuer and client
	 */
	Optional<RefreshToken> load() throws CliException, IOException {
		Path file = file();
		if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			throw notPosix();
		}
		PosixFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		if (!attributes.isRegularFile()) {
			throw new CliException(file + " is not a regular file (a link?): refusing to read it");
		}
		if (!isOwnedByMe(file, LinkOption.NOFOLLOW_LINKS)) {
			throw new CliException(file + " belongs to " + attributes.owner().getName()
					+ ", not to you: refusing to use it. Delete it and log in again.");
		}
		Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
		open.retainAll(GROUP_OR_OTHERS);
		if (!open.isEmpty()) {
			throw new CliException(
					file + " is accessible by others (" + PosixFilePermissions.toString(attributes.permissions())
							+ "): refusing to use it. Treat its refresh token as leaked: `chmod 600 " + file
							+ "`, then log out (which revokes it at Tessera) and log in again.");
		}
		try {
			JSONObject json = JSONObjectUtils.parse(read(file));
			if (!this.issuer.getValue().equals(JSONObjectUtils.getNonBlankString(json, "issuer"))
					|| !this.clientId.getValue().equals(JSONObjectUtils.getNonBlankString(json, "client_id"))) {
				throw new CliException(file + " holds a token of another issuer or client: refusing to use it");
			}
			return Optional.of(new RefreshToken(JSONObjectUtils.getNonBlankString(json, "refresh_token")));
		}
		catch (ParseException ex) {
			// the message of a JSON parser may quote the content: do not pass it on
			throw new CliException(file + " is not a refresh token file of this tool: refusing to use it");
		}
	}

	/** Stores {@code token} in place of the one stored, atomically. */
	void save(RefreshToken token) throws CliException, IOException {
		ensureDirectory();
		JSONObject json = new JSONObject();
		json.put("issuer", this.issuer.getValue());
		json.put("client_id", this.clientId.getValue());
		json.put("refresh_token", token.getValue());
		byte[] content = (json.toJSONString() + "\n").getBytes(StandardCharsets.UTF_8);
		Path temporary = Files.createTempFile(this.directory, "." + this.name + "-", ".tmp",
				ownerOnly(OWNER_ONLY_FILE));
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				ByteBuffer buffer = ByteBuffer.wrap(content);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			// rename(2): replaces the old file (or a link in its place, not its target)
			// in one step
			Files.move(temporary, file(), StandardCopyOption.ATOMIC_MOVE);
			syncDirectory();
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * The file's content, opened without following a link ({@code O_NOFOLLOW}): a link
	 * put in its place between the check and the read fails here.
	 */
	private static String read(Path file) throws CliException, IOException {
		try (SeekableByteChannel channel = Files.newByteChannel(file,
				Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
			ByteBuffer buffer = ByteBuffer.allocate(MAX_FILE_SIZE + 1);
			while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
				// until the end, or more than a token file holds
			}
			if (!buffer.hasRemaining()) {
				throw new CliException(file + " is too large for a refresh token file: refusing to use it");
			}
			return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
		}
		catch (FileSystemException ex) {
			if (Files.isSymbolicLink(file)) {
				throw new CliException(file + " is a link: refusing to read it");
			}
			throw ex;
		}
	}

	/**
	 * Makes the rename durable (the directory entry), so a crash right after a refresh
	 * does not bring back the spent token; best effort where a directory cannot be
	 * opened.
	 */
	private void syncDirectory() {
		try (FileChannel channel = FileChannel.open(this.directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// not every platform can open a directory (then the rename is durable at the
			// next sync of the file system)
		}
	}

	/** Deletes the stored token, if there is one. */
	void delete() throws IOException {
		Files.deleteIfExists(file());
	}

	/**
	 * The directory, created {@code 0700} (with any missing parent) when absent; refused
	 * when it is not the user's or others may write to it, since they could then replace
	 * the token file. (A link to a directory is followed, as for {@code ~/.ssh}: the
	 * directory it leads to is the one checked.)
	 */
	private void ensureDirectory() throws CliException, IOException {
		if (!this.directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			throw notPosix();
		}
		if (Files.notExists(this.directory)) {
			Files.createDirectories(this.directory, ownerOnly(OWNER_ONLY_DIRECTORY));
		}
		PosixFileAttributes attributes = Files.readAttributes(this.directory, PosixFileAttributes.class);
		if (!attributes.isDirectory()) {
			throw new CliException(this.directory + " is not a directory");
		}
		if (!isOwnedByMe(this.directory)) {
			throw new CliException(this.directory + " belongs to " + attributes.owner().getName()
					+ ", not to you: refusing to keep a token there");
		}
		Set<PosixFilePermission> open = EnumSet.copyOf(attributes.permissions());
		open.retainAll(GROUP_OR_OTHERS_WRITE);
		if (!open.isEmpty()) {
			throw new CliException(this.directory + " can be written by others ("
					+ PosixFilePermissions.toString(attributes.permissions())
					+ "): refusing to keep a token there. `chmod 700 " + this.directory + "`");
		}
	}

	/**
	 * Whether {@code path} (not a link's target) belongs to the user this process runs
	 * as: the same uid, which does not depend on a user name being resolvable.
	 */
	private static boolean isOwnedByMe(Path path, LinkOption... options) throws IOException {
		return ((Integer) Files.getAttribute(path, "unix:uid", options)) == CURRENT_UID;
	}

	private static FileAttribute<Set<PosixFilePermission>> ownerOnly(Set<PosixFilePermission> permissions) {
		return PosixFilePermissions.asFileAttribute(permissions);
	}

	private CliException notPosix() {
		return new CliException("The file system of " + this.directory
				+ " has no POSIX permissions: this sample keeps tokens on Linux and macOS only");
	}

	private static String digest(String value) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 10);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What runs under the lock.
	 *
	 * @param <T> its result
	 */
	@FunctionalInterface
	interface Work<T> {

		T run() throws CliException, IOException;

	}

}
