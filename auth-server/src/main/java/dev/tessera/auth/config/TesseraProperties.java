package dev.tessera.auth.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tessera's own settings ({@code tessera.*}), bound once at start. Environment variables
 * of the contract ({@code TESSERA_ISSUER}, {@code TESSERA_MODE}, ...) are mapped onto
 * these names in {@code application.yml}.
 */
@ConfigurationProperties("tessera")
public record TesseraProperties(@DefaultValue("dev") Mode mode, @DefaultValue("http://localhost:9000") String issuer,
		@DefaultValue("./tessera-data") Path dataDir, @DefaultValue Tokens tokens, @DefaultValue Clients clients,
		@DefaultValue Keys keys, @DefaultValue Bootstrap bootstrap, @DefaultValue Audit audit,
		@DefaultValue ClientAssertions clientAssertions, @DefaultValue Egress egress, @DefaultValue JwtBearer jwtBearer,
		@DefaultValue AdminUi adminUi, @DefaultValue Tls tls, @DefaultValue Certificates certificates,
		@DefaultValue Management management, @DefaultValue Abuse abuse, @DefaultValue Database database,
		@DefaultValue Quotas quotas, @DefaultValue Limits limits) {

	/**
	 * {@code dev} allows the embedded defaults (with warnings); {@code production}
	 * refuses them.
	 */
	public enum Mode {

		DEV, PRODUCTION

	}

	public boolean isProduction() {
		return this.mode == Mode.PRODUCTION;
	}

	/** Access-token lifetimes: the default, and the hard cap no client can exceed. */
	public record Tokens(@DefaultValue("5m") Duration defaultTtl, @DefaultValue("1h") Duration maxTtl) {
	}

	/**
	 * How long a registered client stays cached on a node, and how long a new client
	 * secret lives unless the client says otherwise.
	 */
	public record Clients(@DefaultValue("30s") Duration cacheTtl, @DefaultValue("90d") Duration secretTtl) {
	}

	/**
	 * Signing keys: the algorithm of new keys; the key-encryption key (inline base64 or a
	 * file) and, during a KEK rotation, the previous ones (still accepted for decryption,
	 * never used to encrypt); the rotation schedule; how long resource servers may cache
	 * the JWKS; how often nodes re-read the key set and check the schedule.
	 */
	public record Keys(@DefaultValue("RS256") String algorithm, String encryptionKey, Path encryptionKeyFile,
			@DefaultValue List<String> previousEncryptionKeys, @DefaultValue("30d") Duration rotationPeriod,
			@DefaultValue("24h") Duration prepublish, @DefaultValue("1h") Duration jwksMaxAge,
			@DefaultValue("10s") Duration refreshInterval, @DefaultValue("30s") Duration checkInterval) {
	}

	/**
	 * The audit trail: how long rows are kept before the retention job archives them to
	 * files and removes them (default 7 years), where archives go, which proxies'
	 * {@code X-Forwarded-For} is believed, and how long a request waits for its event to
	 * be durable before answering {@code temporarily_unavailable}; how often each node
	 * writes a signed checkpoint of its chain outside the database (and at shutdown); how
	 * often counter events (repeated failures folded into one event with a count) are
	 * written; how much of the writer's queue only successful operations may fill
	 * ({@code queue-reserved-for-success}: events of any other outcome are shed, not
	 * queued, once the queue holds {@code queue-capacity} minus that many); how many
	 * months of {@code audit_event} partitions the server keeps created ahead of the
	 * current one ({@code partitions-ahead}).
	 */
	public record Audit(@DefaultValue("2557d") Duration retention, Path archiveDir,
			@DefaultValue("0 17 3 * * *") String retentionCron, @DefaultValue List<String> trustedProxies,
			@DefaultValue("5s") Duration waitTimeout, @DefaultValue("512") int maxBatch,
			@DefaultValue("20000") int queueCapacity, @DefaultValue("5m") Duration checkpointInterval,
			@DefaultValue("10s") Duration counterInterval, @DefaultValue("5000") int queueReservedForSuccess,
			@DefaultValue("3") int partitionsAhead) {

		public Audit {
			if (partitionsAhead < 1 || partitionsAhead > 120) {
				throw new IllegalArgumentException(
						"tessera.audit.partitions-ahead must be 1 to 120 months, was " + partitionsAhead);
			}
		}

		/**
		 * Where retention archives go and checkpoints are written: {@code archive-dir},
		 * or under the data directory.
		 */
		public Path archiveDir(Path dataDir) {
			return (this.archiveDir != null) ? this.archiveDir : dataDir.resolve("audit-archive");
		}

	}

	/**
	 * {@code private_key_jwt} client assertions: their {@code aud} must be the issuer
	 * identifier alone; {@code acceptTokenEndpointAudience} also accepts the token
	 * endpoint URL, for old clients only (it reopens audience injection for them).
	 */
	public record ClientAssertions(@DefaultValue("false") boolean acceptTokenEndpointAudience) {
	}

	/**
	 * The JWT-bearer grant: how far clocks (this server's and a partner's) may differ in
	 * every time check of a partner's assertion.
	 */
	public record JwtBearer(@DefaultValue("60s") Duration clockSkew) {
	}

	/**
	 * Outbound calls (key sets that admins register by URL): the connect timeout and the
	 * deadline of a whole exchange, and how the fetched key sets are kept: reused for
	 * {@code jwksCacheTtl}; refetched for an unknown {@code kid}, at most twice per
	 * {@code jwksMinRefreshInterval} (Nimbus's rate limit); after a failed fetch not
	 * tried again for {@code jwksFailureBackoff}, doubling with each further failure up
	 * to {@code jwksMaxFailureBackoff}; while fetches fail, the last good keys still
	 * serve for up to {@code jwksStaleMaxAge} after they were last served fresh; and
	 * while one fetch of a URL is under way, at most {@code jwksMaxWaiting} other
	 * requests wait for it (the rest fail at once), so one partner cannot hold many
	 * request threads; across all URLs at most {@code jwksMaxInFlight} requests download
	 * or wait at once.
	 */
	public record Egress(@DefaultValue("2s") Duration connectTimeout, @DefaultValue("3s") Duration timeout,
			@DefaultValue("5m") Duration jwksCacheTtl, @DefaultValue("30s") Duration jwksMinRefreshInterval,
			@DefaultValue("5s") Duration jwksFailureBackoff, @DefaultValue("5m") Duration jwksMaxFailureBackoff,
			@DefaultValue("24h") Duration jwksStaleMaxAge, @DefaultValue("4") int jwksMaxWaiting,
			@DefaultValue("16") int jwksMaxInFlight) {
	}

	/** One-time bootstrap of an empty database. */
	public record Bootstrap(String clientId, String clientSecret, String adminUsername, String adminPassword) {
	}

	/**
	 * Credentials for the management port ({@code TESSERA_MANAGEMENT_USERNAME} /
	 * {@code _PASSWORD}): when both are set, every management endpoint but the health
	 * probes needs them (HTTP Basic). Production mode requires them unless the port is
	 * bound to one interface ({@code MANAGEMENT_SERVER_ADDRESS}).
	 */
	public record Management(String username, String password) {

		public boolean protectedByCredentials() {
			return this.username != null && !this.username.isBlank() && this.password != null
					&& !this.password.isBlank();
		}

	}

	/**
	 * Mutual TLS (RFC 8705): the HTTPS connector on {@code port}, opened only when a
	 * server certificate is configured, either as PEM files ({@code certificate}: the
	 * chain, leaf first; {@code privateKey}: its key) or as a Spring Boot SSL bundle
	 * ({@code bundle}, whose trust store then also gives the client CAs); the PEM bundle
	 * of CAs whose client certificates {@code tls_client_auth} accepts
	 * ({@code clientCas}); optional CRL files, one per CA ({@code crls}); how often the
	 * files are checked for changes ({@code reloadInterval}: a replaced file is used
	 * without a restart); the TLS versions and cipher suites offered; and the public base
	 * URL of the TLS port ({@code url}, for the {@code mtls_endpoint_aliases} of
	 * discovery; by default {@code https://<issuer host>:<port>}, set it when a proxy
	 * terminates TLS and forwards the client certificate in {@code Client-Cert}).
	 */
	public record Tls(@DefaultValue("9443") int port, Path certificate, Path privateKey, Path clientCas,
			@DefaultValue List<Path> crls, String bundle, String url, @DefaultValue("10s") Duration reloadInterval,
			@DefaultValue( {
					"TLSv1.3", "TLSv1.2" }) List<String> protocols,
			@DefaultValue({ "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
					"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
					"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
					"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
					"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" }) List<String> ciphers){

		/** Whether the HTTPS connector is opened. */
		public boolean enabled() {
			return (this.certificate != null && this.privateKey != null) || hasBundle();
		}

		public boolean hasBundle() {
			return this.bundle != null && !this.bundle.isBlank();
		}

		/**
		 * The public base URL of the mTLS endpoints: {@code url}, else the issuer's host
		 * on {@code port} over https when the connector is open, else null (no mTLS
		 * endpoint is advertised).
		 */
		public String baseUrl(String issuer) {
			if (this.url != null && !this.url.isBlank()) {
				return this.url.endsWith("/") ? this.url.substring(0, this.url.length() - 1) : this.url;
			}
			if (!enabled()) {
				return null;
			}
			return "https://" + URI.create(issuer).getHost() + ":" + this.port;
		}

	}

	/**
	 * The certificate lifecycle: how many days ahead of a certificate's expiry a warning
	 * goes to the log and the audit trail (once per threshold and certificate), and how
	 * often the certificates Tessera knows are checked.
	 */
	public record Certificates(@DefaultValue( {
			"60", "30", "7" }) List<Integer> warningDays, @DefaultValue("1h") Duration checkInterval){

		public Certificates {
			if (checkInterval.isZero() || checkInterval.isNegative()) {
				throw new IllegalArgumentException(
						"tessera.certificates.check-interval must be positive, was " + checkInterval);
			}
		}

	}

	/**
	 * The admin console ({@code admin-ui}) as this server knows it: its public base URL
	 * ({@code TESSERA_ADMIN_UI_URL}, an absolute http(s) URL with no path, query or
	 * fragment: the console's sign-in and sign-out URIs are derived from it) and the
	 * client id it signs people in with ({@code TESSERA_ADMIN_UI_CLIENT_ID}). In
	 * development the bootstrap registers that client; in production it is registered
	 * like any other.
	 */
	public record AdminUi(@DefaultValue("http://127.0.0.1:9001") String url,
			@DefaultValue("tessera-admin-ui") String clientId) {

		/** Where Spring Security's OAuth2 login in the console receives the code. */
		static final String REDIRECT_PATH = "/login/oauth2/code/tessera";

		public AdminUi {
			String problem = urlProblem(url);
			if (problem != null) {
				throw new IllegalArgumentException("TESSERA_ADMIN_UI_URL " + problem);
			}
			if (clientId == null || clientId.isBlank()) {
				throw new IllegalArgumentException("TESSERA_ADMIN_UI_CLIENT_ID must not be blank");
			}
			url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		}

		/**
		 * What is wrong with a console base URL, or null: it must be an absolute http(s)
		 * URL with a host, and no user information, path (other than {@code /}), query or
		 * fragment.
		 */
		static String urlProblem(String url) {
			if (url == null || url.isBlank()) {
				return "is required";
			}
			URI uri;
			try {
				uri = new URI(url);
			}
			catch (URISyntaxException ex) {
				return "'" + url + "' is not a valid URL";
			}
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
				return "'" + url + "' must be an absolute http or https URL";
			}
			if (uri.getHost() == null || uri.getRawUserInfo() != null) {
				return "'" + url + "' must name a host (and no user information)";
			}
			String path = uri.getRawPath();
			if ((path != null && !path.isEmpty() && !"/".equals(path)) || uri.getRawQuery() != null
					|| uri.getRawFragment() != null) {
				return "'" + url + "' must be the console's base URL, without a path, query or fragment";
			}
			return null;
		}

		/** The console's redirect URI: {@code <url>/login/oauth2/code/tessera}. */
		public String redirectUri() {
			return this.url + REDIRECT_PATH;
		}

		/** Where the console's sign-out ends: {@code <url>/}. */
		public String postLogoutRedirectUri() {
			return this.url + "/";
		}

	}

	/**
	 * The client authentication throttle (token buckets of failed client authentications,
	 * per node): for each bucket, how many failures it holds ({@code *-burst}) and how
	 * long it takes to regain one ({@code *-refill}); per (client id, address), per
	 * address, and per client id (not consulted for addresses that client authenticated
	 * from within {@code known-address-for}); at most {@code max-entries} entries per
	 * table. Off with {@code enabled: false}.
	 */
	public record Abuse(@DefaultValue("true") boolean enabled, @DefaultValue("20") int clientAddressBurst,
			@DefaultValue("5s") Duration clientAddressRefill, @DefaultValue("100") int addressBurst,
			@DefaultValue("1s") Duration addressRefill, @DefaultValue("1000") int clientBurst,
			@DefaultValue("50ms") Duration clientRefill, @DefaultValue("7d") Duration knownAddressFor,
			@DefaultValue("50000") int maxEntries) {
	}

	/**
	 * The database connection's fault bounds: how long a starting node waits for
	 * PostgreSQL to answer before it gives up with an explanation ({@code 0s}: one try),
	 * and how long a running node waits for any one answer on an open connection
	 * ({@code socket-timeout}, pgjdbc's {@code socketTimeout} on the server's pool;
	 * {@code 0s}: no limit), so a frozen database cannot hold request threads for ever.
	 * Applied by {@link DatabaseStartupWait}, which reads them before this record is
	 * bound.
	 */
	public record Database(@DefaultValue("5m") Duration startupTimeout, @DefaultValue("60s") Duration socketTimeout) {

		public Database {
			if (startupTimeout.isNegative() || socketTimeout.isNegative()) {
				throw new IllegalArgumentException("tessera.database.startup-timeout and socket-timeout must not be "
						+ "negative, were " + startupTimeout + " and " + socketTimeout);
			}
		}

	}

	/**
	 * Per-client token quotas: how often each node adds the tokens it counted to the
	 * cluster's totals in PostgreSQL and learns the others' ({@code syncInterval}: the
	 * overshoot across nodes grows with it), and how long the hourly counts are kept.
	 */
	public record Quotas(@DefaultValue("2s") Duration syncInterval, @DefaultValue("2d") Duration retention) {

		public Quotas {
			if (syncInterval.isZero() || syncInterval.isNegative()) {
				throw new IllegalArgumentException(
						"tessera.quotas.sync-interval must be positive, was " + syncInterval);
			}
			if (retention.compareTo(Duration.ofDays(1)) < 0) {
				throw new IllegalArgumentException(
						"tessera.quotas.retention must be at least a day (a daily quota reads it), was " + retention);
			}
		}

	}

	/**
	 * The size of what a caller may send, each refused with the standard error before any
	 * work is done on it: a request body ({@code maxBodyBytes}: forms and JSON,
	 * {@code 413}), all request headers together ({@code maxHeaderBytes}: Tomcat's limit,
	 * {@code 400}), a JWT assertion ({@code maxAssertionBytes}: {@code client_assertion}
	 * and the JWT-bearer grant's {@code assertion}, {@code 400 invalid_request}), and the
	 * number of scopes one request names ({@code maxScopes}, {@code 400 invalid_scope}).
	 */
	public record Limits(@DefaultValue("1048576") int maxBodyBytes, @DefaultValue("8192") int maxHeaderBytes,
			@DefaultValue("16384") int maxAssertionBytes, @DefaultValue("50") int maxScopes) {

		public Limits {
			if (maxBodyBytes < 1024 || maxHeaderBytes < 1024 || maxAssertionBytes < 1024 || maxScopes < 1) {
				throw new IllegalArgumentException("tessera.limits.*: max-body-bytes, max-header-bytes and "
						+ "max-assertion-bytes must be at least 1024, max-scopes at least 1");
			}
		}

	}

}
