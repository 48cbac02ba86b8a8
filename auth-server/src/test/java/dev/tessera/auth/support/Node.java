package dev.tessera.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.tessera.auth.TesseraAuthServerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One auth-server node started in this JVM on its own port, for tests that need several
 * nodes on one database or several starts of one database.
 */
public final class Node implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final String baseUrl;

	private Node(ConfigurableApplicationContext context, String baseUrl) {
		this.context = context;
		this.baseUrl = baseUrl;
	}

	/**
	 * Starts a node on the given database with the given extra arguments
	 * ({@code --name=value}).
	 */
	public static Node start(String databaseUrl, String... extra) {
		return startWithIssuer(databaseUrl, null, extra);
	}

	/**
	 * Starts a node whose issuer is shared with others (as behind a load balancer), or
	 * its own URL when {@code issuer} is null.
	 */
	public static Node startWithIssuer(String databaseUrl, String sharedIssuer, String... extra) {
		return startWithIssuer(databaseUrl, sharedIssuer, MutableClock.running(), extra);
	}

	/**
	 * Starts a node like {@link #startWithIssuer(String, String, String...)} whose time
	 * rules read {@code clock}: nodes given the same clock see time move together.
	 */
	public static Node startWithIssuer(String databaseUrl, String sharedIssuer, MutableClock clock, String... extra) {
		int port = freePort();
		String baseUrl = "http://localhost:" + port;
		String issuer = (sharedIssuer != null) ? sharedIssuer : baseUrl;
		TestDatabase database = TestDatabase.get();
		List<String> args = new ArrayList<>(
				List.of("--server.port=" + port, "--tessera.issuer=" + issuer, "--tessera.data-dir=" + tempDir()));
		if (Arrays.stream(extra).noneMatch(arg -> arg.startsWith("--management.server.port="))) {
			args.add("--management.server.port=0");
		}
		database.serverProperties(databaseUrl).forEach((name, value) -> args.add("--" + name + "=" + value));
		args.addAll(List.of(extra));
		return new Node(new SpringApplicationBuilder(TesseraAuthServerApplication.class)
			.initializers(context -> TesseraTestContextCustomizerFactory.registerClock(context, clock))
			.run(args.toArray(String[]::new)), baseUrl);
	}

	/**
	 * The HTTP port (Tomcat's request threads are named {@code http-nio-<port>-exec-*}).
	 */
	public int port() {
		return Integer.parseInt(this.baseUrl.substring(this.baseUrl.lastIndexOf(':') + 1));
	}

	public Http http() {
		return new Http(this.baseUrl);
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String tempDir() {
		try {
			java.nio.file.Path dir = Files.createTempDirectory("tessera-node-");
			LoggedSecrets.recordDataDir(dir);
			return dir.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
