package dev.tessera.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tessera as the benchmark runs it: the packaged auth server, one node on its own
 * development database, or several nodes behind one issuer on a {@link SharedDatabase}
 * with one key-encryption key; bootstrapped with an admin client through which the
 * benchmark registers its scope and its two clients, and, for the JWT-bearer scenario, a
 * third client and the partner as a trusted issuer, for the refresh scenario a user and a
 * client of the code flow, and for the mTLS scenarios a {@code tls_client_auth} client
 * (the nodes then open their TLS port with a server certificate, key and client CA the
 * benchmark generated for the run, as PEM files).
 */
final class TesseraDeployment {

	static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private static final Pattern SIGNING_PROVIDER = Pattern
		.compile("^tessera_keys_signing_provider\\{[^}]*provider=\"([^\"]+)\"", Pattern.MULTILINE);

	private static final String ADMIN_CLIENT_ID = "bench-admin";

	/**
	 * The mTLS scenarios' client gets certificate-bound tokens, as a partner on mTLS
	 * usually would: the server then also puts the certificate's thumbprint in each
	 * token.
	 */
	static final boolean MTLS_BOUND_TOKENS = true;

	private final List<ServerProcess> nodes;

	private final List<Duration> startTimes;

	private final TesseraAdmin admin;

	private final Target target;

	private final URI firstManagement;

	private TesseraDeployment(List<ServerProcess> nodes, List<Duration> startTimes, TesseraAdmin admin, Target target,
			URI firstManagement) {
		this.nodes = nodes;
		this.startTimes = startTimes;
		this.admin = admin;
		this.target = target;
		this.firstManagement = firstManagement;
	}

	/**
	 * @param partner the JWT-bearer scenario's partner, registered as a trusted issuer,
	 * or {@code null} when that scenario does not run
	 */
	static TesseraDeployment start(Options options, Path java, Path workDir, ClientKey clientKey,
			PartnerIdentityProvider partner, ChildProcesses children, Deadline deadline) {
		String kek = Secrets.encryptionKey();
		String adminSecret = Secrets.clientSecret();
		SharedDatabase database = null;
		if (options.nodes() > 1) {
			Log.line("starting the shared PostgreSQL for " + options.nodes() + " Tessera nodes");
			database = children.add(SharedDatabase.start(workDir.resolve("shared-postgres")));
		}
		Path jar = snapshot(options.jar(), workDir);
		boolean tls = options.scenarios().stream().anyMatch(Scenario::usesTls);
		BenchPki pki = tls ? BenchPki.generate() : null;
		BenchPki.ServerFiles tlsFiles = tls ? pki.writeServerFiles(workDir.resolve("tls")) : null;
		List<URI> tlsNodes = new ArrayList<>();
		int firstPort = FreePorts.next();
		String issuer = "http://localhost:" + firstPort;
		List<ServerProcess> nodes = new ArrayList<>();
		List<Duration> startTimes = new ArrayList<>();
		TesseraAdmin admin = null;
		URI firstManagement = null;
		// one after the other: the first creates the schema, the signing key and the
		// admin client
		for (int i = 1; i <= options.nodes(); i++) {
			int port = (i == 1) ? firstPort : FreePorts.next();
			Path dataDir = workDir.resolve("tessera-" + i);
			createDirectories(dataDir);
			int managementPort = FreePorts.next();
			if (i == 1) {
				firstManagement = URI.create("http://127.0.0.1:" + managementPort);
			}
			List<String> command = new ArrayList<>();
			command.add(java.toString());
			command.addAll(options.serverJvmArgs());
			command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
					"--management.server.port=" + managementPort, "--management.server.address=127.0.0.1",
					"--tessera.issuer=" + issuer, "--tessera.data-dir=" + dataDir,
					"--tessera.keys.algorithm=" + options.algorithm()));
			if (Scenario.floodNamesAddresses(options.scenarios())) {
				// the load generator is the proxy: the failure flood names its
				// addresses in X-Forwarded-For (no other scenario sends it)
				command.add("--tessera.audit.trusted-proxies=127.0.0.1");
			}
			else if (options.scenarios().stream().anyMatch(Scenario::underFlood)) {
				// the flood comes from loopback itself: loopback's address bucket
				// must not lock out the clients the run creates later (not yet known
				// there); the flood's own (client id, address) buckets still apply
				command.add("--tessera.abuse.address-burst=1000000");
			}
			if (options.cacheTtl() != null) {
				command.add("--tessera.clients.cache-ttl=" + options.cacheTtl().toMillis() + "ms");
			}
			if (database != null) {
				command.add("--spring.datasource.url=" + database.jdbcUrl());
				command.add("--spring.datasource.username=" + SharedDatabase.USER);
			}
			if (i == 1) {
				command.add("--tessera.bootstrap.client-id=" + ADMIN_CLIENT_ID);
			}
			Map<String, String> env = new HashMap<>();
			env.put("TESSERA_KEYS_ENCRYPTION_KEY", kek);
			if (i == 1) {
				env.put("TESSERA_BOOTSTRAP_CLIENT_SECRET", adminSecret);
			}
			if (tlsFiles != null) {
				// the HTTPS connector with client certificates requested, from PEM files
				int tlsPort = FreePorts.next();
				env.put("TESSERA_TLS_PORT", String.valueOf(tlsPort));
				env.put("TESSERA_TLS_CERTIFICATE", tlsFiles.certificate().toString());
				env.put("TESSERA_TLS_PRIVATE_KEY", tlsFiles.privateKey().toString());
				env.put("TESSERA_TLS_CLIENT_CAS", tlsFiles.clientCas().toString());
				tlsNodes.add(URI.create("https://127.0.0.1:" + tlsPort));
			}
			String name = (options.nodes() == 1) ? "Tessera" : "Tessera node " + i;
			URI base = URI.create("http://127.0.0.1:" + port);
			Path postgresDir = (database == null) ? dataDir.resolve("postgres") : null;
			ServerProcess node = children.add(ServerProcess.start(name, command, env,
					workDir.resolve("tessera-" + i + ".log"), postgresDir, base));
			Log.line("starting " + name + " on " + base + " (pid " + node.pid() + ")");
			Duration took = node.awaitReady(START_TIMEOUT, deadline);
			Log.line(name + " is ready after " + Durations.seconds(took.toNanos()));
			nodes.add(node);
			startTimes.add(took);
			if (i == 1) {
				admin = new TesseraAdmin(base, ADMIN_CLIENT_ID, adminSecret);
				admin.awaitBootstrap(node, Duration.ofSeconds(60), deadline);
			}
		}
		admin.createScope(Workloads.SCOPE);
		TesseraAdmin.RegisteredClient secretClient = admin.createSecretClient("bench client_secret_basic");
		TesseraAdmin.RegisteredClient keyClient = admin.createKeyClient("bench private_key_jwt",
				clientKey.publicJwks());
		AssertionPool assertions = AssertionPool.forClient(clientKey, keyClient.clientId(), issuer);
		JwtBearerClient jwtBearer = null;
		if (partner != null) {
			jwtBearer = registerPartner(admin, partner, issuer);
		}
		RefreshClient refresh = null;
		if (options.scenarios().contains(Scenario.TOKEN_REFRESH)) {
			refresh = registerRefresh(admin);
		}
		MtlsClient mtls = null;
		if (pki != null) {
			TesseraAdmin.RegisteredClient tlsClient = admin.createTlsClient("bench tls_client_auth",
					BenchPki.CLIENT_SUBJECT, MTLS_BOUND_TOKENS);
			mtls = new MtlsClient(tlsClient.clientId(), tlsNodes, pki.clientKeyManager(), pki.serverTrust(),
					MTLS_BOUND_TOKENS ? MtlsClient.thumbprint(pki.clientCertificate()) : null);
		}
		String label = (options.nodes() == 1) ? "Tessera" : "Tessera x" + options.nodes() + " (round-robin)";
		Target target = new Target(label, "Tessera", nodes.stream().map(ServerProcess::baseUri).toList(), issuer,
				secretClient.clientId(), secretClient.clientSecret(), assertions, jwtBearer, refresh, mtls);
		if (jwtBearer != null) {
			// every node must know the partner before a timed phase counts its answers
			JwtBearerProbe.awaitAccepted(target, Duration.ofSeconds(15), deadline);
		}
		if (mtls != null) {
			// every node knows the client and takes its certificate before any phase
			mtls.awaitAccepted(label, Duration.ofSeconds(15), deadline);
		}
		if (refresh != null) {
			// every node signs the user in and rotates a refresh token before any phase
			RefreshProbe.awaitWorking(target, Duration.ofSeconds(15), deadline);
		}
		return new TesseraDeployment(nodes, startTimes, admin, target, firstManagement);
	}

	/**
	 * The JWT-bearer client first (the trusted issuer names it), then the partner as a
	 * trusted issuer whose keys Tessera fetches from the partner's loopback JWKS.
	 */
	private static JwtBearerClient registerPartner(TesseraAdmin admin, PartnerIdentityProvider partner, String issuer) {
		TesseraAdmin.RegisteredClient client = admin.createJwtBearerClient("bench jwt-bearer");
		admin.createTrustedIssuer(PartnerIdentityProvider.ISSUER, partner.jwksUri(), client.clientId(),
				PartnerIdentityProvider.SUBJECT_PREFIX);
		// aud = the token endpoint URL, one of the two audiences a trusted issuer
		// accepts by default
		return new JwtBearerClient(client.clientId(), client.clientSecret(),
				partner.assertions(issuer + "/oauth2/token"));
	}

	/**
	 * The refresh scenario's person (role {@code USER}, a random password) and its
	 * first-party confidential client of the code and refresh grants.
	 */
	private static RefreshClient registerRefresh(TesseraAdmin admin) {
		String username = "bench-user";
		String password = Secrets.clientSecret();
		admin.createUser(username, password);
		TesseraAdmin.RegisteredClient client = admin.createCodeClient("bench refresh_token",
				RefreshClient.REDIRECT_URI);
		return new RefreshClient(client.clientId(), client.clientSecret(), RefreshClient.REDIRECT_URI, Workloads.SCOPE,
				username, password);
	}

	Target target() {
		return this.target;
	}

	TesseraAdmin admin() {
		return this.admin;
	}

	List<ServerProcess> nodes() {
		return this.nodes;
	}

	List<Duration> startTimes() {
		return this.startTimes;
	}

	/**
	 * The JCA provider that signs Tessera's tokens, as its
	 * {@code tessera_keys_signing_provider} metric says, or {@code null} for a build
	 * without that metric.
	 */
	String signingProvider() {
		String metrics = this.admin.text(this.firstManagement.resolve("/actuator/prometheus"));
		Matcher matcher = SIGNING_PROVIDER.matcher((metrics != null) ? metrics : "");
		return matcher.find() ? matcher.group(1) : null;
	}

	/**
	 * Whether this build keeps an audit trail, as its admin API says
	 * ({@code GET /admin/api/audit}).
	 */
	String auditStatus() {
		int status = this.admin.status("/admin/api/audit?limit=1");
		if (status == 200) {
			return "on (GET /admin/api/audit answers 200)";
		}
		if (status == 404) {
			return "not in this build (GET /admin/api/audit answers 404)";
		}
		return "unknown (GET /admin/api/audit answers " + status + ")";
	}

	/**
	 * A private copy of the jar: a build running beside the benchmark (another terminal,
	 * an IDE) may rewrite {@code auth-server/target} while the servers load classes from
	 * it.
	 */
	private static Path snapshot(Path jar, Path workDir) {
		Path copy = workDir.resolve(jar.getFileName());
		try {
			Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
			return copy;
		}
		catch (java.io.IOException ex) {
			throw new BenchmarkException("cannot copy " + jar + " to " + workDir, ex);
		}
	}

	static void createDirectories(Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (java.io.IOException ex) {
			throw new BenchmarkException("cannot create " + dir, ex);
		}
	}

}
