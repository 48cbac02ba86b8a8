package dev.tessera.auth.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.ClientRepository;
import dev.tessera.auth.client.ClientRules;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.scope.ScopeRepository;
import dev.tessera.auth.support.AdminApi;
import dev.tessera.auth.support.Http;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.user.AppUser;
import dev.tessera.auth.user.AppUserRepository;
import dev.tessera.auth.user.PasswordPolicy;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.tessera.auth.support.Http.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The development bootstrap of the admin console's sign-in, on the server the test
 * started (development mode, an empty database, its own data directory): the console's
 * client is registered as the console needs it and its credentials, like the dev admin's
 * password, are in owner-only files and nowhere else; a second start changes nothing;
 * production mode registers and creates nothing.
 */
@TesseraServerTest
@ExtendWith(OutputCaptureExtension.class)
class ConsoleSignInBootstrapTest {

	@Autowired
	ApplicationContext context;

	@Autowired
	TesseraProperties properties;

	@Autowired
	Bootstrap bootstrap;

	@Autowired
	ClientRepository clients;

	@Autowired
	AppUserRepository users;

	@Autowired
	PasswordEncoder passwordEncoder;

	@Autowired
	PasswordPolicy passwordPolicy;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	@TempDir
	Path otherDataDir;

	AdminApi admin;

	@BeforeEach
	void setUp() throws IOException {
		Properties bootstrapClient = read(this.properties.dataDir().resolve(Bootstrap.DEV_CREDENTIALS_FILE));
		Http.Response token = new Http(this.properties.issuer()).postForm("/oauth2/token",
				bootstrapClient.getProperty("client_id"), bootstrapClient.getProperty("client_secret"),
				form("grant_type", "client_credentials", "scope", "admin:read"));
		assertThat(token.status()).as(token.toString()).isEqualTo(200);
		this.admin = new AdminApi(this.properties.issuer(), (String) token.json().get("access_token"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void theConsoleClientIsRegisteredForTheConsoleAndItsCredentialsAreOwnerOnly() throws IOException {
		Path file = this.properties.dataDir().resolve("admin-ui-client.properties");
		assertOwnerOnly(file);
		String content = Files.readString(file);
		assertThat(content).matches("client_id=tessera-admin-ui\nclient_secret=[A-Za-z0-9_-]{43}\n");

		Http.Response read = this.admin.get("/admin/api/clients/tessera-admin-ui");
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		Map<String, Object> client = read.json();
		assertThat(client).containsEntry("name", "Tessera admin console").containsEntry("firstParty", true);
		// the server's default lifetime, so a lower tessera.tokens.max-ttl cannot stop
		// the start
		assertThat(client.get("accessTokenTtlSeconds")).isNull();
		assertThat((List<Object>) client.get("grantTypes")).containsExactlyInAnyOrder("authorization_code",
				"refresh_token");
		assertThat((List<Object>) client.get("authMethods")).containsExactly("client_secret_basic");
		assertThat((List<Object>) client.get("scopes")).containsExactlyInAnyOrder("openid", "profile", "admin:clients",
				"admin:keys", "admin:users", "admin:read", "audit:read");
		assertThat((List<Object>) client.get("redirectUris"))
			.containsExactly("http://127.0.0.1:9001/login/oauth2/code/tessera");
		assertThat((List<Object>) client.get("postLogoutRedirectUris")).containsExactly("http://127.0.0.1:9001/");
		assertThat(read.body()).doesNotContain(read(file).getProperty("client_secret"));
	}

	@Test
	void theDevAdminHasAGeneratedPolicyCompliantPasswordInAnOwnerOnlyFile() throws IOException {
		Path file = this.properties.dataDir().resolve("admin-user.properties");
		assertOwnerOnly(file);
		assertThat(Files.readString(file)).matches("username=admin\npassword=[A-Za-z0-9_-]{20}\n");
		String password = read(file).getProperty("password");

		AppUser admin = this.users.findById("admin").orElseThrow();
		assertThat(admin.getRoles()).containsExactly("ADMIN");
		assertThat(admin.isEnabled()).isTrue();
		assertThat(this.passwordEncoder.matches(password, admin.getPasswordHash())).isTrue();
		assertThat(this.passwordPolicy.problems("admin", password)).isEmpty();
	}

	@Test
	void aSecondStartChangesNothing() throws Exception {
		Path clientFile = this.properties.dataDir().resolve("admin-ui-client.properties");
		Path adminFile = this.properties.dataDir().resolve("admin-user.properties");
		String clientBefore = Files.readString(clientFile);
		String adminBefore = Files.readString(adminFile);
		long clientsBefore = this.clients.count();
		String hashBefore = this.users.findById("admin").orElseThrow().getPasswordHash();

		this.bootstrap.run(null);

		assertThat(clientFile).content().isEqualTo(clientBefore);
		assertThat(adminFile).content().isEqualTo(adminBefore);
		assertThat(this.clients.count()).isEqualTo(clientsBefore);
		assertThat(this.users.findById("admin").orElseThrow().getPasswordHash()).isEqualTo(hashBefore);
	}

	@Test
	void aChangedConsoleUrlIsNamedInTheLogWhenTheClientExists(CapturedOutput output) {
		String registered = this.properties.adminUi().clientId();
		ConsoleSignInBootstrap moved = console("dev", registered, "tessera.admin-ui.url", "http://127.0.0.1:9876");

		moved.registerConsoleClient();

		assertThat(output.getAll()).contains("not http://127.0.0.1:9876/login/oauth2/code/tessera",
				"TESSERA_ADMIN_UI_URL changed?");
		assertThat(this.clients.findByClientId(registered).orElseThrow().getRedirectUris())
			.doesNotContain("http://127.0.0.1:9876/login/oauth2/code/tessera");
	}

	@Test
	void neitherSecretIsLoggedOnlyWhereTheFilesAre(CapturedOutput output) throws IOException {
		ConsoleSignInBootstrap console = console("dev", "second-console");
		inTransactionRolledBack(() -> {
			this.jdbc.update("delete from app_user");
			console.registerConsoleClient();
			console.createDevAdmin();
			assertThat(this.clients.existsByClientId("second-console")).isTrue();
			assertThat(this.users.findById("admin")).isPresent();
		});

		String secret = read(this.otherDataDir.resolve("admin-ui-client.properties")).getProperty("client_secret");
		String password = read(this.otherDataDir.resolve("admin-user.properties")).getProperty("password");
		assertThat(output.getAll()).doesNotContain(secret)
			.doesNotContain(password)
			.contains(this.otherDataDir.resolve("admin-ui-client.properties").toString())
			.contains(this.otherDataDir.resolve("admin-user.properties").toString());
	}

	@Test
	void productionModeRegistersAndCreatesNothing(CapturedOutput output) {
		ConsoleSignInBootstrap console = console("production", "production-console");
		inTransactionRolledBack(() -> {
			this.jdbc.update("delete from app_user");
			console.registerConsoleClient();
			console.createDevAdmin();
			assertThat(this.users.count()).isZero();
		});

		assertThat(this.clients.existsByClientId("production-console")).isFalse();
		assertThat(this.otherDataDir).isEmptyDirectory();
		assertThat(output.getAll()).contains("signs people in as client 'production-console', which is not registered")
			.contains("http://127.0.0.1:9001/login/oauth2/code/tessera");
	}

	@Test
	void aConsoleUrlTheClientRulesRefuseStopsTheStartNamingIt() {
		ConsoleSignInBootstrap console = console("dev", "localhost-console", "tessera.admin-ui.url",
				"http://localhost:9001");

		assertThatIllegalStateException().isThrownBy(console::registerConsoleClient)
			.withMessageContaining("TESSERA_ADMIN_UI_URL")
			.withMessageContaining("not localhost");
		assertThat(this.clients.existsByClientId("localhost-console")).isFalse();
		assertThat(this.otherDataDir).isEmptyDirectory();
	}

	private ConsoleSignInBootstrap console(String mode, String clientId, String... more) {
		Map<String, String> settings = new HashMap<>();
		settings.put("tessera.mode", mode);
		settings.put("tessera.issuer", this.properties.issuer());
		settings.put("tessera.data-dir", this.otherDataDir.toString());
		settings.put("tessera.admin-ui.client-id", clientId);
		for (int i = 0; i < more.length; i += 2) {
			settings.put(more[i], more[i + 1]);
		}
		TesseraProperties other = new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("tessera",
				TesseraProperties.class);
		return new ConsoleSignInBootstrap(other, this.clients, this.context.getBean(ClientRegistrar.class),
				this.context.getBean(ClientRules.class), this.context.getBean(ScopeRepository.class), this.users,
				this.passwordEncoder, this.passwordPolicy, this.context.getBean(Clock.class));
	}

	private void inTransactionRolledBack(Runnable work) {
		this.transactions.executeWithoutResult(status -> {
			try {
				work.run();
			}
			finally {
				status.setRollbackOnly();
			}
		});
	}

	private static Properties read(Path file) throws IOException {
		Properties properties = new Properties();
		try (var reader = Files.newBufferedReader(file)) {
			properties.load(reader);
		}
		return properties;
	}

	private static void assertOwnerOnly(Path file) throws IOException {
		assertThat(file).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

}
