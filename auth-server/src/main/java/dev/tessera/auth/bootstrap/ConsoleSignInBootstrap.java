package dev.tessera.auth.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.ClientRepository;
import dev.tessera.auth.client.ClientRules;
import dev.tessera.auth.client.ClientSecretGenerator;
import dev.tessera.auth.client.PersonFlowSettings;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.config.TesseraProperties.AdminUi;
import dev.tessera.auth.problem.InvalidInputProblem;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.scope.ScopeRepository;
import dev.tessera.auth.user.AppUser;
import dev.tessera.auth.user.AppUserRepository;
import dev.tessera.auth.user.PasswordPolicy;
import dev.tessera.auth.user.Role;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * What lets {@code bin/tessera-dev} open the admin console with no manual step, in
 * development mode only: the console's OpenID Connect client
 * ({@code tessera.admin-ui.client-id}, confidential, first-party, every admin scope, its
 * redirect and post-logout URIs derived from {@code tessera.admin-ui.url}) registered
 * when missing, with its credentials written to {@code admin-ui-client.properties} under
 * the data directory, which the console reads; and, on an empty user table when no
 * bootstrap admin is configured, the person to sign in as: {@code admin} (role
 * {@code ADMIN}) with a generated password written to {@code admin-user.properties}. Both
 * files are owner-only and neither secret is ever logged, only where the files are. The
 * client is checked against the {@link ClientRules} every client is held to, so a console
 * URL those refuse (plain http on {@code localhost}, say) stops the start naming
 * {@code TESSERA_ADMIN_UI_URL}.
 *
 * <p>
 * In production nothing is registered or created: a missing console client is logged with
 * what to register.
 */
@Component
public class ConsoleSignInBootstrap {

	static final String CLIENT_FILE = "admin-ui-client.properties";

	static final String ADMIN_FILE = "admin-user.properties";

	static final String DEV_ADMIN = "admin";

	static final String CLIENT_NAME = "Tessera admin console";

	private static final Logger log = LoggerFactory.getLogger(ConsoleSignInBootstrap.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final TesseraProperties properties;

	private final ClientRepository clients;

	private final ClientRegistrar registrar;

	private final ClientRules rules;

	private final ScopeRepository scopes;

	private final AppUserRepository users;

	private final PasswordEncoder passwordEncoder;

	private final PasswordPolicy passwordPolicy;

	private final Clock clock;

	public ConsoleSignInBootstrap(TesseraProperties properties, ClientRepository clients, ClientRegistrar registrar,
			ClientRules rules, ScopeRepository scopes, AppUserRepository users, PasswordEncoder passwordEncoder,
			PasswordPolicy passwordPolicy, Clock clock) {
		this.properties = properties;
		this.clients = clients;
		this.registrar = registrar;
		this.rules = rules;
		this.scopes = scopes;
		this.users = users;
		this.passwordEncoder = passwordEncoder;
		this.passwordPolicy = passwordPolicy;
		this.clock = clock;
	}

	/** The console's client as the bootstrap registers it. */
	static ClientDraft consoleClient(AdminUi adminUi) {
		Set<String> scopes = new TreeSet<>(AdminScopes.ALL);
		scopes.add("openid");
		scopes.add("profile");
		return new ClientDraft(adminUi.clientId(), CLIENT_NAME, Set.of("authorization_code", "refresh_token"),
				Set.of("client_secret_basic"), scopes, Set.of(), Set.of(), Set.of(adminUi.redirectUri()), null, null,
				null, null, null, false,
				new PersonFlowSettings(true, Set.of(adminUi.postLogoutRedirectUri()), null, null));
	}

	/**
	 * Registers the console's client when no client has its id (development), or says
	 * what to register (production).
	 */
	void registerConsoleClient() {
		AdminUi adminUi = this.properties.adminUi();
		ClientDraft draft = consoleClient(adminUi);
		boolean registered = this.clients.existsByClientId(adminUi.clientId());
		if (this.properties.isProduction()) {
			if (!registered) {
				log.info("The admin console signs people in as client '{}', which is not registered. Register it "
						+ "through the admin API: grantTypes authorization_code and refresh_token, authMethods "
						+ "client_secret_basic, scopes {}, firstParty true, redirectUris [{}], postLogoutRedirectUris "
						+ "[{}]; then give the console its secret (TESSERA_ADMIN_UI_CLIENT_SECRET)", adminUi.clientId(),
						String.join(" ", new TreeSet<>(draft.scopes())), adminUi.redirectUri(),
						adminUi.postLogoutRedirectUri());
			}
			return;
		}
		Path file = this.properties.dataDir().resolve(CLIENT_FILE);
		if (registered) {
			if (!Files.exists(file)) {
				log.warn("The admin console's client '{}' is registered but {} is missing: give the console its "
						+ "secret (TESSERA_ADMIN_UI_CLIENT_SECRET), or delete the client to have a new one registered "
						+ "at the next start", adminUi.clientId(), file.toAbsolutePath());
			}
			this.clients.findByClientId(adminUi.clientId())
				.filter(client -> !client.getRedirectUris().contains(adminUi.redirectUri()))
				.ifPresent(client -> log.warn("The admin console's client '{}' is registered with the redirect URIs "
						+ "{}, not {} (TESSERA_ADMIN_UI_URL changed?): sign-in will fail until its redirectUris and "
						+ "postLogoutRedirectUris are changed through the admin API, or the client is deleted to "
						+ "have it registered again at the next start", adminUi.clientId(), client.getRedirectUris(),
						adminUi.redirectUri()));
			return;
		}
		check(draft);
		// the file first: a registration whose secret was never written would be useless
		String secret = ClientSecretGenerator.generate();
		Path written = OwnerOnlyFile.writeProperties(file, "client_id=" + adminUi.clientId(),
				"client_secret=" + secret);
		this.registrar.registerWithSecret(draft, secret);
		log.info("Development: registered the admin console's client '{}' (redirect URI {}); its credentials are "
				+ "in {} (owner-only)", adminUi.clientId(), adminUi.redirectUri(), written);
	}

	/**
	 * Creates the development admin when the user table is empty and no bootstrap admin
	 * is configured (development only).
	 */
	void createDevAdmin() {
		if (this.properties.isProduction() || StringUtils.hasText(this.properties.bootstrap().adminUsername())
				|| this.users.count() > 0) {
			return;
		}
		String password = generatePassword();
		Path written = OwnerOnlyFile.writeProperties(this.properties.dataDir().resolve(ADMIN_FILE),
				"username=" + DEV_ADMIN, "password=" + password);
		this.users.save(new AppUser(DEV_ADMIN, this.passwordEncoder.encode(password), Set.of(Role.ADMIN.name()),
				this.clock.instant()));
		log.info("Development: created the admin user '{}' (role ADMIN); its password is in {} (owner-only)", DEV_ADMIN,
				written);
	}

	private void check(ClientDraft draft) {
		try {
			this.rules.check(draft, Set.copyOf(this.scopes.findAllNames()), AdminScopes.ALL);
		}
		catch (InvalidInputProblem ex) {
			throw new IllegalStateException(ex.getProblems()
				.stream()
				.map(problem -> problem.field() + " " + problem.message())
				.collect(Collectors.joining("; ", "The admin console's client cannot be registered (check "
						+ "TESSERA_ADMIN_UI_URL and TESSERA_ADMIN_UI_CLIENT_ID): ", "")),
					ex);
		}
	}

	/**
	 * 120 random bits as 20 base64url characters, checked against the policy every
	 * password is held to.
	 */
	private String generatePassword() {
		byte[] bytes = new byte[15];
		RANDOM.nextBytes(bytes);
		String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		if (!this.passwordPolicy.problems(DEV_ADMIN, password).isEmpty()) {
			throw new IllegalStateException("The generated admin password does not pass the password policy");
		}
		return password;
	}

}
