package dev.tessera.auth.bootstrap;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.ClientRepository;
import dev.tessera.auth.client.IssuedSecret;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.user.AppUser;
import dev.tessera.auth.user.AppUserRepository;
import dev.tessera.auth.user.PasswordPolicy;
import dev.tessera.auth.user.Role;
import dev.tessera.auth.user.UserRules;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The first start on an empty database. {@code TESSERA_BOOTSTRAP_CLIENT_ID/SECRET}
 * registers a client-credentials client holding every admin scope (a secret shorter than
 * 32 characters stops the start); {@code TESSERA_BOOTSTRAP_ADMIN_USERNAME/PASSWORD}
 * creates an ADMIN user (a username or password that {@link UserRules} or the
 * {@link PasswordPolicy} refuses stops the start). Each is used only while its table is
 * empty. In development mode with no bootstrap client configured, one is generated and
 * its credentials are written once to an owner-only file under the data directory (never
 * to the log). The admin console's sign-in in development (its client and a dev admin) is
 * {@link ConsoleSignInBootstrap}'s.
 */
@Component
public class Bootstrap implements ApplicationRunner {

	static final String DEV_CLIENT_ID = "tessera-admin";

	static final String DEV_CREDENTIALS_FILE = "bootstrap-client.properties";

	private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

	private final TesseraProperties properties;

	private final ClientRepository clients;

	private final ClientRegistrar registrar;

	private final AppUserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordPolicy passwordPolicy;

	private final Clock clock;

	private final ConsoleSignInBootstrap console;

	public Bootstrap(TesseraProperties properties, ClientRepository clients, ClientRegistrar registrar,
			AppUserRepository users, PasswordEncoder passwordEncoder, PasswordPolicy passwordPolicy, Clock clock,
			ConsoleSignInBootstrap console) {
		this.console = console;
		this.properties = properties;
		this.clients = clients;
		this.registrar = registrar;
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.passwordPolicy = passwordPolicy;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) {
		// the bootstrap client first: it is only made while there is no client at all
		bootstrapClient();
		this.console.registerConsoleClient();
		bootstrapAdmin();
		this.console.createDevAdmin();
	}

	private void bootstrapClient() {
		if (this.clients.count() > 0) {
			return;
		}
		TesseraProperties.Bootstrap bootstrap = this.properties.bootstrap();
		if (StringUtils.hasText(bootstrap.clientId())) {
			if (bootstrap.clientSecret() == null || bootstrap.clientSecret().length() < 32) {
				throw new IllegalStateException(
						"TESSERA_BOOTSTRAP_CLIENT_SECRET must have at least 32 characters; the bootstrap client was not created");
			}
			this.registrar.registerWithSecret(adminClient(bootstrap.clientId()), bootstrap.clientSecret());
			log.info("Bootstrap: registered client '{}' with the admin scopes", bootstrap.clientId());
			return;
		}
		if (this.properties.isProduction()) {
			log.warn("The database has no clients: set TESSERA_BOOTSTRAP_CLIENT_ID and TESSERA_BOOTSTRAP_CLIENT_SECRET "
					+ "for the first start");
			return;
		}
		IssuedSecret issued = this.registrar.register(adminClient(DEV_CLIENT_ID));
		Path file = OwnerOnlyFile.writeProperties(this.properties.dataDir().resolve(DEV_CREDENTIALS_FILE),
				"client_id=" + issued.clientId(), "client_secret=" + issued.clientSecret());
		log.warn("""

				************************************************************************
				  DEVELOPMENT BOOTSTRAP CLIENT '{}' created (all admin scopes).
				  Its secret was written once to {} (owner-only).
				  First token:
				    curl -s -u "{}:$(sed -n 's/^client_secret=//p' {})" \\
				      -d grant_type=client_credentials -d scope=admin:read {}/oauth2/token
				************************************************************************""", issued.clientId(), file,
				issued.clientId(), file, this.properties.issuer());
	}

	private void bootstrapAdmin() {
		TesseraProperties.Bootstrap bootstrap = this.properties.bootstrap();
		if (!StringUtils.hasText(bootstrap.adminUsername()) || this.users.count() > 0) {
			return;
		}
		checkAdmin(bootstrap.adminUsername(), bootstrap.adminPassword(), this.passwordPolicy);
		this.users.save(new AppUser(bootstrap.adminUsername(), this.passwordEncoder.encode(bootstrap.adminPassword()),
				Set.of(Role.ADMIN.name()), this.clock.instant()));
		log.info("Bootstrap: created admin user '{}'", bootstrap.adminUsername());
	}

	/**
	 * Stops the start when the bootstrap admin would break the rules every other user is
	 * held to, saying which (never the password).
	 */
	static void checkAdmin(String username, String password, PasswordPolicy policy) {
		List<FieldProblem> problems = new ArrayList<>();
		UserRules.usernameProblems(username)
			.forEach(problem -> problems.add(new FieldProblem("TESSERA_BOOTSTRAP_ADMIN_USERNAME", problem.message())));
		policy.problems(username, password)
			.forEach(problem -> problems.add(new FieldProblem("TESSERA_BOOTSTRAP_ADMIN_PASSWORD", problem.message())));
		if (!problems.isEmpty()) {
			throw new IllegalStateException(problems.stream()
				.map(problem -> problem.field() + " " + problem.message())
				.collect(Collectors.joining("; ", "", "; the admin user was not created")));
		}
	}

	private ClientDraft adminClient(String clientId) {
		return ClientDraft.clientCredentials(clientId, "Bootstrap administration client", AdminScopes.ALL, Set.of(),
				Set.of(this.properties.issuer()));
	}

}
