package dev.tessera.samples.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.security.auth.module.UnixSystem;
import dev.tessera.samples.resourceserver.ResourceServerSample;
import dev.tessera.samples.support.TesseraServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The command-line tool end to end, against the real Tessera ({@link TesseraServer}) and
 * the resource server sample started in this JVM, with a person registered through the
 * admin API and, per test, a public first-party client with the loopback redirect
 * {@code http://127.0.0.1/callback}. Each command runs in a new {@link TesseraCli}, as a
 * new process would. It proves that:
 * <ul>
 * <li>{@code login} sends an authorization request with an S256 PKCE challenge, a state
 * and a {@code 127.0.0.1} redirect on the listener's port; after the person signs in at
 * Tessera's own sign-in page, the tool keeps the refresh token in a {@code 0600} file of
 * a {@code 0700} directory and prints no token;
 * <li>later commands need no browser: {@code call} gets {@code 200} from the API with
 * {@code sub} = the person, {@code token} prints an access token the API accepts, and
 * each stores the rotated refresh token;
 * <li>a token file others can read is refused (and used again once it is {@code 0600}),
 * and so are a directory others can write to, a link in place of the file and (when the
 * test runs as root, which can give a file away) a file of another user;
 * <li>{@code logout} revokes at Tessera (the audit trail has the revocation, and the last
 * refresh token then gets {@code invalid_grant}) and deletes the file; without a stored
 * token it needs no Tessera at all;
 * <li>a second {@code login} revokes the sign-in it replaces;
 * <li>{@code invalid_grant} on refresh (the sign-in revoked at Tessera) deletes the file;
 * <li>two {@code token} commands in two processes at once both succeed, with no refresh
 * token reuse seen by Tessera;
 * <li>{@code call http://example.com/...} is refused before any token request;
 * <li>a callback with another {@code state} is turned away ({@code 400}) while the login
 * goes on to the real callback; a callback with another {@code iss} (RFC 9207) or with
 * {@code error=access_denied} ends the login, and its code is never redeemed.
 * </ul>
 */
class TesseraCliTest {

	private static final String SCOPE = "sample:read";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static TesseraServer tessera;

	private static ConfigurableApplicationContext api;

	private static String audience;

	private static String apiUrl;

	private static String username;

	private static String password;

	@TempDir
	private Path home;

	private String clientId;

	@BeforeAll
	static void registerAPersonAndStartTheApi() {
		tessera = TesseraServer.shared();
		tessera.admin().ensureScope(SCOPE);
		audience = "https://api.example.test/cli-" + id();
		username = "cli-person-" + id();
		password = "cli sample passphrase " + TesseraServer.random(12);
		TesseraServer.Response created = tessera.admin()
			.call("POST", "/users", Map.of("username", username, "password", password, "roles", List.of("USER")));
		assertThat(created.status()).as("POST /users: %s", created.body()).isEqualTo(201);
		api = new SpringApplicationBuilder(ResourceServerSample.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--sample.issuer=" + tessera.issuer(), "--sample.audience=" + audience);
		apiUrl = "http://127.0.0.1:" + api.getEnvironment().getRequiredProperty("local.server.port") + "/api/hello";
	}

	@AfterAll
	static void stopTheApi() {
		if (api != null) {
			api.close();
		}
	}

	@BeforeEach
	void registerTheTool() {
		this.clientId = "tessera-cli-" + id();
		tessera.admin()
			.createClient(Map.of("clientId", this.clientId, "name", "Tessera CLI sample test", "grantTypes",
					List.of("authorization_code", "refresh_token"), "authMethods", List.of("none"), "scopes",
					List.of(SCOPE), "audiences", List.of(audience), "redirectUris",
					List.of("http://127.0.0.1/callback"), "firstParty", true));
	}

	@Test
	void signsInOnceThenWorksWithoutBrowserRotatingTheRefreshTokenUntilLogoutRevokesIt() throws Exception {
		PersonInBrowser browser = new PersonInBrowser(username, password);
		Run login = run(browser, "login");
		assertThat(login.status()).as(login.err() + "\n" + browser.trace()).isZero();
		assertThat(login.out()).as("login prints no token").isEmpty();

		assertThat(browser.opened()).hasSize(1);
		URI request = browser.opened().get(0);
		Map<String, List<String>> parameters = URLUtils.parseParameters(request.getRawQuery());
		assertThat(request.toString()).startsWith(tessera.issuer() + "/oauth2/authorize?");
		assertThat(parameters).containsEntry("response_type", List.of("code"))
			.containsEntry("client_id", List.of(this.clientId))
			.containsEntry("code_challenge_method", List.of("S256"))
			.containsKeys("code_challenge", "state")
			.doesNotContainKey("code_verifier");
		URI redirect = URI.create(parameters.get("redirect_uri").get(0));
		assertThat(redirect.getScheme() + "://" + redirect.getHost() + redirect.getPath())
			.isEqualTo("http://127.0.0.1/callback");
		assertThat(redirect.getPort()).isPositive();
		assertThat(browser.loopbackAnswer().statusCode()).isEqualTo(200);
		assertThat(browser.loopbackAnswer().body()).contains("Signed in");

		Path directory = configDirectory();
		Path file = tokenFile();
		assertThat(Files.getPosixFilePermissions(directory)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		String first = storedRefreshToken(file);
		assertThat(login.err()).doesNotContain(first).contains(file.toString());

		Run call = run(PersonInBrowser.none(), "call", apiUrl);
		assertThat(call.status()).as(call.err()).isZero();
		String[] answer = call.out().split("\n", 2);
		assertThat(answer[0]).isEqualTo("HTTP 200");
		JsonNode hello = JSON.readTree(answer[1]);
		assertThat(hello.get("sub").asString()).isEqualTo(username);
		assertThat(hello.get("client_id").asString()).isEqualTo(this.clientId);
		String second = storedRefreshToken(file);
		assertThat(second).as("rotated").isNotEqualTo(first);
		assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(call.out() + call.err()).doesNotContain(first).doesNotContain(second);

		Run token = run(PersonInBrowser.none(), "token");
		assertThat(token.status()).as(token.err()).isZero();
		String accessToken = token.out().trim();
		HttpResponse<String> direct = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(apiUrl)).header("Authorization", "Bearer " + accessToken).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
		String third = storedRefreshToken(file);
		assertThat(third).as("rotated").isNotEqualTo(second);
		assertThat(tessera.admin().audit("clientId=" + this.clientId + "&operation=token.issue&outcome=success"))
			.as("one token for the code, one per refresh")
			.hasSize(3);

		Run logout = run(PersonInBrowser.none(), "logout");
		assertThat(logout.status()).as(logout.err()).isZero();
		assertThat(file).doesNotExist();
		assertThat(revocations()).isEqualTo(1);
		HttpResponse<String> refused = refreshDirectly(third);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(JSON.readTree(refused.body()).get("error").asString()).isEqualTo("invalid_grant");

		Run afterLogout = run(PersonInBrowser.none(), "token");
		assertThat(afterLogout.status()).isEqualTo(1);
		assertThat(afterLogout.err()).contains("Not signed in");
	}

	@Test
	void refusesATokenFileOthersCanRead() throws Exception {
		assertThat(run(new PersonInBrowser(username, password), "login").status()).isZero();
		Path file = tokenFile();
		String stored = storedRefreshToken(file);

		for (String open : List.of("rw-r--r--", "rw-r-----", "rw----r--")) {
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(open));
			Run token = run(PersonInBrowser.none(), "token");
			assertThat(token.status()).as(open).isEqualTo(1);
			assertThat(token.out()).as(open).isEmpty();
			assertThat(token.err()).as(open).contains(file.toString()).contains("accessible by others");
			assertThat(storedRefreshToken(file)).as("not used, so not rotated").isEqualTo(stored);
		}

		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		Run token = run(PersonInBrowser.none(), "token");
		assertThat(token.status()).as(token.err()).isZero();
		assertThat(storedRefreshToken(file)).isNotEqualTo(stored);
		assertThat(run(PersonInBrowser.none(), "logout").status()).isZero();
	}

	@Test
	void turnsAwayACallbackWithAnotherStateAndWaitsForTheRealOne() throws Exception {
		String forgedCode = "forged-" + id();
		PersonInBrowser browser = new PersonInBrowser(username, password).forgingFirst(
				(callback) -> withParameter(withParameter(callback, "state", "forged-" + id()), "code", forgedCode));
		Run login = run(browser, "login");
		assertThat(browser.forgedAnswer().statusCode()).isEqualTo(400);
		assertThat(browser.forgedAnswer().body()).contains("Not this sign-in");
		assertThat(login.status()).as(login.err()).isZero();
		assertThat(browser.loopbackAnswer().statusCode()).isEqualTo(200);
		assertThat(tessera.admin().audit("clientId=" + this.clientId + "&operation=token.issue"))
			.as("only the real code redeemed")
			.hasSize(1);
		assertThat(run(PersonInBrowser.none(), "logout").status()).isZero();
	}

	@Test
	void endsTheLoginOnAnErrorFromTessera() throws Exception {
		PersonInBrowser browser = new PersonInBrowser(username, password,
				(callback) -> withoutParameter(withParameter(callback, "error", "access_denied"), "code"));
		Run login = run(browser, "login");
		assertThat(login.status()).isEqualTo(1);
		assertThat(login.err()).contains("Tessera did not sign you in: access_denied");
		assertRefusedWithoutRedeemingTheCode(browser);
	}

	@Test
	void refusesACallbackFromAnotherIssuer() throws Exception {
		PersonInBrowser browser = new PersonInBrowser(username, password,
				(callback) -> withParameter(callback, "iss", "https://mix-up.example.test"));
		Run login = run(browser, "login");
		assertThat(login.status()).isEqualTo(1);
		assertThat(login.err()).contains("does not come from " + tessera.issuer());
		assertRefusedWithoutRedeemingTheCode(browser);
	}

	@Test
	void loginAgainRevokesTheSignInItReplaces() throws Exception {
		assertThat(run(new PersonInBrowser(username, password), "login").status()).isZero();
		Path file = tokenFile();
		String replaced = storedRefreshToken(file);

		Run again = run(new PersonInBrowser(username, password), "login");
		assertThat(again.status()).as(again.err()).isZero();
		assertThat(storedRefreshToken(file)).isNotEqualTo(replaced);
		assertThat(revocations()).isEqualTo(1);
		HttpResponse<String> refused = refreshDirectly(replaced);
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		assertThat(JSON.readTree(refused.body()).get("error").asString()).isEqualTo("invalid_grant");

		Run token = run(PersonInBrowser.none(), "token");
		assertThat(token.status()).as("the new sign-in lives: %s", token.err()).isZero();
		assertThat(run(PersonInBrowser.none(), "logout").status()).isZero();
	}

	@Test
	void deletesTheFileWhenTesseraAnswersInvalidGrant() throws Exception {
		assertThat(run(new PersonInBrowser(username, password), "login").status()).isZero();
		Path file = tokenFile();
		HttpResponse<String> revoked = revokeDirectly(storedRefreshToken(file));
		assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);

		Run token = run(PersonInBrowser.none(), "token");
		assertThat(token.status()).isEqualTo(1);
		assertThat(token.out()).isEmpty();
		assertThat(token.err()).contains("Your sign-in has ended").contains("invalid_grant").contains("login");
		assertThat(file).doesNotExist();
	}

	@Test
	void refusesToCallPlainHttpOnAnotherHostBeforeAnyTokenRequest() throws Exception {
		assertThat(run(new PersonInBrowser(username, password), "login").status()).isZero();
		String stored = storedRefreshToken(tokenFile());

		Run call = run(PersonInBrowser.none(), "call", "http://example.com/api/hello");
		assertThat(call.status()).isEqualTo(1);
		assertThat(call.out()).isEmpty();
		assertThat(call.err()).contains("Refusing to send a token to http://example.com");
		assertThat(storedRefreshToken(tokenFile())).as("not refreshed").isEqualTo(stored);
		assertThat(tessera.admin().audit("clientId=" + this.clientId + "&operation=token.issue"))
			.as("the login's token only")
			.hasSize(1);
		assertThat(run(PersonInBrowser.none(), "logout").status()).isZero();
	}

	@Test
	void refusesADirectoryOthersCanWriteTo() throws Exception {
		assertThat(run(new PersonInBrowser(username, password), "login").status()).isZero();
		String stored = storedRefreshToken(tokenFile());

		for (String open : List.of("rwxrwx---", "rwx---rwx")) {
			Files.setPosixFilePermissions(configDirectory(), PosixFilePermissions.fromString(open));
			Run token = run(PersonInBrowser.none(), "token");
			assertThat(token.status()).as(open).isEqualTo(1);
			assertThat(token.out()).as(open).isEmpty();
			assertThat(token.err()).as(open).contains("can be written by others");
			assertThat(storedRefreshToken(tokenFile())).as(open).isEqualTo(stored);
		}
		Files.setPosixFilePermissions(configDirectory(), PosixFilePermissions.fromString("rwx------"));
		assertThat(run(PersonInBrowser.none(), "logout").status()).isZero();
	}

	@Test
	void refusesALinkInPlaceOfTheTokenFile() throws Exception {
		assertThat(run(new PersonInBrowser(username, password), "login").status()).isZero();
		Path file = tokenFile();
		String stored = storedRefreshToken(file);
		Path elsewhere = this.home.resolve("planted.json");
		Files.move(file, elsewhere);
		Files.createSymbolicLink(file, elsewhere);

		Run token = run(PersonInBrowser.none(), "token");
		assertThat(token.status()).isEqualTo(1);
		assertThat(token.out()).isEmpty();
		assertThat(token.err()).contains(file.toString()).contains("link");
		assertThat(storedRefreshToken(elsewhere)).as("not used, so not rotated").isEqualTo(stored);
		assertThat(tessera.admin().audit("clientId=" + this.clientId + "&operation=token.issue")).hasSize(1);
	}

	@Test
	void refusesATokenFileOfAnotherUser() throws Exception {
		assumeThat(new UnixSystem().getUid()).as("only root can give a file away").isZero();
		assertThat(run(new PersonInBrowser(username, password), "login").status()).isZero();
		Path file = tokenFile();
		Files.setAttribute(file, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

		Run token = run(PersonInBrowser.none(), "token");
		assertThat(token.status()).isEqualTo(1);
		assertThat(token.err()).contains(file.toString()).contains("not to you");
		assertThat(tessera.admin().audit("clientId=" + this.clientId + "&operation=token.issue")).hasSize(1);
	}

	@Test
	void logoutWithoutATokenNeedsNoTessera() {
		Run logout = runAgainst("http://127.0.0.1:" + TesseraServer.freePort(), PersonInBrowser.none(), "logout");
		assertThat(logout.status()).as(logout.err()).isZero();
		assertThat(logout.err()).contains("Not signed in");
	}

	/**
	 * Two {@code token} commands in two processes at once, both waiting on the store's
	 * lock (held by the test until the kernel lists both as waiting for it): each gets
	 * its turn with the refresh token the other stored, so both succeed and Tessera sees
	 * no reuse of a spent refresh token.
	 */
	@Test
	void twoTokenCommandsAtOnceBothSucceedWithoutReuse() throws Exception {
		assertThat(run(new PersonInBrowser(username, password), "login").status()).isZero();
		Path lockFile;
		try (Stream<Path> files = Files.list(configDirectory())) {
			lockFile = files.filter((file) -> file.getFileName().toString().endsWith(".lock"))
				.findFirst()
				.orElseThrow();
		}
		List<Process> processes = new ArrayList<>();
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
				FileLock held = channel.lock()) {
			for (int i = 0; i < 2; i++) {
				processes.add(tokenProcess());
			}
			awaitWaitingForTheLock(processes);
		}
		List<String> accessTokens = new ArrayList<>();
		for (Process process : processes) {
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.exitValue()).as(err).isZero();
			accessTokens.add(out);
		}
		assertThat(accessTokens.get(0)).isNotEqualTo(accessTokens.get(1));
		for (String accessToken : accessTokens) {
			HttpResponse<String> answer = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(apiUrl))
					.header("Authorization", "Bearer " + accessToken)
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		}
		assertThat(tessera.admin().audit("clientId=" + this.clientId + "&operation=token.refresh_reuse")).isEmpty();
		assertThat(tessera.admin().audit("clientId=" + this.clientId + "&operation=token.issue&outcome=success"))
			.as("the login's, then one per command")
			.hasSize(3);
		assertThat(run(PersonInBrowser.none(), "token").status()).as("the sign-in lives on").isZero();
		assertThat(run(PersonInBrowser.none(), "logout").status()).isZero();
	}

	private void assertRefusedWithoutRedeemingTheCode(PersonInBrowser browser) throws IOException {
		assertThat(browser.loopbackAnswer().statusCode()).isEqualTo(400);
		assertThat(browser.loopbackAnswer().body()).contains("Sign-in failed");
		assertThat(tokenFiles()).isEmpty();
		assertThat(tessera.admin().audit("clientId=" + this.clientId + "&operation=token.issue")).isEmpty();
	}

	// ---- the tool, as a new process each time

	private Run run(Browser browser, String... args) {
		return runAgainst(tessera.issuer(), browser, args);
	}

	private Run runAgainst(String issuer, Browser browser, String... args) {
		CliSettings environment = CliSettings.fromEnvironment(
				Map.of("TESSERA_ISSUER", issuer, "TESSERA_CLI_CLIENT_ID", this.clientId, "TESSERA_CLI_SCOPE", SCOPE),
				this.home);
		// a short wait for the browser: the test's browser answers at once or not at all
		CliSettings settings = new CliSettings(environment.issuer(), environment.clientId(), environment.scope(),
				environment.configDirectory(), Duration.ofSeconds(20));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = new TesseraCli(settings, browser, new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8))
			.run(args);
		return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private record Run(int status, String out, String err) {
	}

	/**
	 * {@code tessera-cli token} in a process of its own, with only the tool's settings.
	 */
	private Process tokenProcess() throws IOException {
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), TesseraCli.class.getName(), "token");
		builder.environment().clear();
		builder.environment()
			.putAll(Map.of("TESSERA_ISSUER", tessera.issuer(), "TESSERA_CLI_CLIENT_ID", this.clientId,
					"TESSERA_CLI_SCOPE", SCOPE, "TESSERA_CLI_CONFIG_DIR", configDirectory().toString()));
		return builder.start();
	}

	/**
	 * Until the kernel's lock table ({@code /proc/locks}) lists every process as waiting
	 * for a lock ({@code ->}), so they are known to run at once.
	 */
	private static void awaitWaitingForTheLock(List<Process> processes) throws Exception {
		Path locks = Path.of("/proc/locks");
		assumeThat(Files.isReadable(locks)).as("Linux's lock table").isTrue();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			List<String> waiting = Files.readAllLines(locks).stream().filter((line) -> line.contains("->")).toList();
			if (processes.stream()
				.allMatch((process) -> waiting.stream()
					.anyMatch((line) -> List.of(line.trim().split("\\s+")).contains(Long.toString(process.pid()))))) {
				return;
			}
			for (Process process : processes) {
				if (!process.isAlive()) {
					throw new AssertionError(process.pid() + " ended before waiting for the lock: "
							+ new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
				}
			}
			Thread.sleep(50);
		}
		throw new AssertionError("the processes never waited for the lock together");
	}

	private Path configDirectory() {
		return this.home.resolve(".config").resolve("tessera-cli");
	}

	private List<Path> tokenFiles() throws IOException {
		if (!Files.isDirectory(configDirectory())) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(configDirectory())) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".json")).toList();
		}
	}

	private Path tokenFile() throws IOException {
		List<Path> files = tokenFiles();
		assertThat(files).as("one token file in %s", configDirectory()).hasSize(1);
		return files.get(0);
	}

	private static String storedRefreshToken(Path file) throws IOException {
		JsonNode stored = JSON.readTree(Files.readString(file));
		assertThat(stored.get("issuer").asString()).isEqualTo(tessera.issuer());
		return stored.get("refresh_token").asString();
	}

	// ---- Tessera, seen directly

	private HttpResponse<String> refreshDirectly(String refreshToken) throws Exception {
		String form = "grant_type=refresh_token&client_id=" + encode(this.clientId) + "&refresh_token="
				+ encode(refreshToken);
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(tessera.issuer() + "/oauth2/token"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> revokeDirectly(String refreshToken) throws Exception {
		String form = "client_id=" + encode(this.clientId) + "&token=" + encode(refreshToken)
				+ "&token_type_hint=refresh_token";
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(tessera.issuer() + "/oauth2/revoke"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** Revocations of this client's tokens in the audit trail, waiting for the writer. */
	private int revocations() throws InterruptedException {
		String query = "clientId=" + this.clientId + "&operation=token.revoke&outcome=success";
		for (int attempt = 0; attempt < 50; attempt++) {
			int found = tessera.admin().audit(query).size();
			if (found > 0) {
				return found;
			}
			Thread.sleep(100);
		}
		return 0;
	}

	private static URI withParameter(URI uri, String name, String value) {
		Map<String, List<String>> parameters = URLUtils.parseParameters(uri.getRawQuery());
		parameters.put(name, List.of(value));
		return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?"
				+ URLUtils.serializeParameters(parameters));
	}

	private static URI withoutParameter(URI uri, String name) {
		Map<String, List<String>> parameters = URLUtils.parseParameters(uri.getRawQuery());
		parameters.remove(name);
		return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?"
				+ URLUtils.serializeParameters(parameters));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String id() {
		return TesseraServer.random(6).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
	}

}
