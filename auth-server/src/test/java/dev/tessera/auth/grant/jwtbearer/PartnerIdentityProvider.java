package dev.tessera.auth.grant.jwtbearer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A partner's identity provider, for tests of the JWT-bearer grant: the party whose
 * signed assertions a client exchanges for a Tessera token. It makes its own key pairs
 * (an RSA key for RS256 and a P-256 key for ES256 to begin with, each with a
 * {@code kid}), publishes their public halves from a JWKS endpoint on a loopback port
 * (for a {@code jwksUri} registration) or as a JWK set to register inline, and signs
 * assertions with any claims and headers, including the forgeries a careless verifier
 * accepts: {@code alg: none}, HS256 keyed with its own public key, and a key of someone
 * else's that carries one of its key ids.
 * <p>
 * Its key server can rotate (publish a new key), withdraw a key, answer 503, refuse
 * connections, or hang for longer than any fetch timeout (released when the provider is
 * closed), and it counts the fetches it answered. Assertion times are read from the
 * {@link Clock} it is given: the server's, so a test that moves the server's clock makes
 * assertions that are fresh at the moved time.
 */
public final class PartnerIdentityProvider implements AutoCloseable {

	/** What the JWKS endpoint does when fetched. */
	enum Behaviour {

		/** Serves the published keys. */
		UP,
		/** Answers 503 Service Unavailable. */
		UNAVAILABLE,
		/** Serves the keys, after a long delay (or when the provider closes). */
		SLOW

	}

	private static final String JWKS_PATH = "/jwks.json";

	private final String issuer;

	private final Clock clock;

	/** Every key made, private halves included, by kid. */
	private final Map<String, JWK> keys = new LinkedHashMap<>();

	/** The kids the JWKS endpoint publishes, in order. */
	private final List<String> published = new ArrayList<>();

	private final RSAKey rsaKey;

	private final ECKey ecKey;

	private final AtomicInteger fetches = new AtomicInteger();

	private final CountDownLatch closing = new CountDownLatch(1);

	private final ExecutorService serverThreads;

	private final HttpServer server;

	private final String jwksUri;

	private volatile Behaviour behaviour = Behaviour.UP;

	private volatile Duration delay = Duration.ZERO;

	private volatile boolean down;

	private PartnerIdentityProvider(String issuer, Clock clock) throws IOException {
		this.issuer = issuer;
		this.clock = clock;
		this.rsaKey = addRsaKey(null);
		this.ecKey = addEcKey(null);
		this.serverThreads = Executors.newCachedThreadPool(task -> {
			Thread thread = new Thread(task, "partner-idp");
			thread.setDaemon(true);
			return thread;
		});
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.serverThreads);
		this.server.createContext(JWKS_PATH, this::serveJwks);
		this.server.start();
		this.jwksUri = "http://127.0.0.1:" + this.server.getAddress().getPort() + JWKS_PATH;
	}

	/**
	 * A provider with a fresh issuer identifier, one RSA and one EC key, its key server
	 * up.
	 */
	public static PartnerIdentityProvider start(Clock clock) {
		return start("https://idp-" + shortId() + ".partner.test", clock);
	}

	public static PartnerIdentityProvider start(String issuer, Clock clock) {
		try {
			return new PartnerIdentityProvider(issuer, clock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The {@code iss} of its assertions. */
	public String issuer() {
		return this.issuer;
	}

	/** Its JWKS endpoint, http on loopback (allowed outside production mode). */
	public String jwksUri() {
		return this.jwksUri;
	}

	/** A loopback URL on which nothing listens: connections are refused. */
	public static String refusingJwksUri() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort() + JWKS_PATH;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Its first RSA key (no {@code alg} of its own), private half included. */
	public RSAKey rsaKey() {
		return this.rsaKey;
	}

	/** Its first EC P-256 key (no {@code alg} of its own), private half included. */
	public ECKey ecKey() {
		return this.ecKey;
	}

	/**
	 * Makes a new RSA key and publishes it (a rotation: the kid is new).
	 * @param alg the key's own {@code alg} parameter, or null for none
	 */
	public synchronized RSAKey addRsaKey(JWSAlgorithm alg) {
		try {
			RSAKeyGenerator generator = (RSAKeyGenerator) new RSAKeyGenerator(2048).keyID("rsa-" + shortId())
				.keyUse(KeyUse.SIGNATURE);
			if (alg != null) {
				generator.algorithm(alg);
			}
			return publish(generator.generate());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Makes a new P-256 key and publishes it.
	 * @param alg the key's own {@code alg} parameter, or null for none
	 */
	public synchronized ECKey addEcKey(JWSAlgorithm alg) {
		try {
			ECKeyGenerator generator = (ECKeyGenerator) new ECKeyGenerator(Curve.P_256).keyID("ec-" + shortId())
				.keyUse(KeyUse.SIGNATURE);
			if (alg != null) {
				generator.algorithm(alg);
			}
			return publish(generator.generate());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private <K extends JWK> K publish(K key) {
		this.keys.put(key.getKeyID(), key);
		this.published.add(key.getKeyID());
		return key;
	}

	/** Stops publishing this key (it can still sign: a key withdrawn at the partner). */
	public synchronized void withdraw(String kid) {
		this.published.remove(kid);
	}

	/** The published public keys, as a JWK set. */
	public synchronized JWKSet publicKeys() {
		return new JWKSet(this.published.stream().map(kid -> this.keys.get(kid).toPublicJWK()).toList());
	}

	/** The published public keys as a JSON object, for an inline {@code jwks}. */
	public Map<String, Object> publicJwks() {
		return publicKeys().toJSONObject(true);
	}

	/** How many fetches the JWKS endpoint answered (or began to answer). */
	public int fetches() {
		return this.fetches.get();
	}

	/** The JWKS endpoint serves the keys. */
	public void up() {
		this.behaviour = Behaviour.UP;
	}

	/** The JWKS endpoint answers 503. */
	public void unavailable() {
		this.behaviour = Behaviour.UNAVAILABLE;
	}

	/**
	 * The JWKS endpoint answers only after {@code delay} (or when this provider closes).
	 */
	public void slow(Duration delay) {
		this.delay = delay;
		this.behaviour = Behaviour.SLOW;
	}

	/**
	 * The key server stops: connections to its port are refused from now on. It cannot
	 * come back up.
	 */
	public void goDown() {
		this.down = true;
		this.server.stop(0);
	}

	private void serveJwks(HttpExchange exchange) {
		try {
			this.fetches.incrementAndGet();
			switch (this.behaviour) {
				case UNAVAILABLE -> {
					byte[] body = "{\"error\":\"maintenance\"}".getBytes(StandardCharsets.UTF_8);
					exchange.getResponseHeaders().add("Content-Type", "application/json");
					exchange.getResponseHeaders().add("Retry-After", "120");
					exchange.sendResponseHeaders(503, body.length);
					exchange.getResponseBody().write(body);
					return;
				}
				case SLOW -> {
					try {
						this.closing.await(this.delay.toMillis(), TimeUnit.MILLISECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				default -> {
				}
			}
			byte[] body = publicKeys().toString(true).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
		catch (IOException ex) {
			// the fetcher gave up and closed the connection: nothing to answer
		}
		finally {
			exchange.close();
		}
	}

	// --- assertions

	/**
	 * The claims of a well-formed assertion for this audience: {@code iss} this provider,
	 * a fresh {@code sub} and {@code jti}, issued now and expiring in a minute.
	 */
	public JWTClaimsSet.Builder claims(String audience) {
		Instant now = this.clock.instant();
		return new JWTClaimsSet.Builder().issuer(this.issuer)
			.subject("user-" + shortId())
			.audience(audience)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(60)))
			.jwtID(UUID.randomUUID().toString());
	}

	/** Now, on the clock assertions are made with. */
	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * Signed by {@code key} with the algorithm its type implies (its own {@code alg} if
	 * it has one, else RS256 or ES256), its {@code kid} in the header.
	 */
	public static String sign(JWK key, JWTClaimsSet claims) {
		return sign(key, algorithmOf(key), claims);
	}

	/** Signed by {@code key} with {@code alg}, its {@code kid} in the header. */
	public static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
		return sign(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), key, claims);
	}

	/** Signed by {@code key} under exactly this header. */
	public static String sign(JWSHeader header, JWK key, JWTClaimsSet claims) {
		return sign(header, signer(key), claims);
	}

	/** Signed by {@code signer} under exactly this header. */
	public static String sign(JWSHeader header, JWSSigner signer, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(header, claims);
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/**
	 * Signed by a key the partner never had, of the same type and carrying the same
	 * {@code kid} as {@code key}: only the signature tells them apart.
	 */
	public static String signedByImpostor(JWK key, JWTClaimsSet claims) {
		try {
			JWK impostor = (key instanceof ECKey ec)
					? new ECKeyGenerator(ec.getCurve()).keyID(key.getKeyID()).generate()
					: new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
			return sign(impostor, algorithmOf(key), claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An unsecured JWT: header {@code {"alg": <alg>, "kid": <kid>, "typ": "JWT"}} and an
	 * empty signature ({@code alg} being {@code none} or a variant of its spelling).
	 */
	public static String unsigned(String alg, String kid, JWTClaimsSet claims) {
		Map<String, Object> header = new LinkedHashMap<>();
		header.put("alg", alg);
		if (kid != null) {
			header.put("kid", kid);
		}
		header.put("typ", "JWT");
		return base64Url(JSONObjectUtils.toJSONString(header)) + "."
				+ base64Url(JSONObjectUtils.toJSONString(claims.toJSONObject())) + ".";
	}

	/**
	 * The classic algorithm confusion: HS256 with the published public key's bytes (its
	 * X.509 DER encoding, which anyone can derive from the JWKS) as the HMAC secret, the
	 * key's {@code kid} in the header.
	 */
	public static String hmacWithPublicKey(JWK key, JWTClaimsSet claims) {
		try {
			byte[] secret = (key instanceof ECKey ec) ? ec.toECPublicKey().getEncoded()
					: ((RSAKey) key).toRSAPublicKey().getEncoded();
			return hmac(secret, key.getKeyID(), claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The same confusion with the public key's JWK JSON text (as published) as the
	 * secret.
	 */
	public static String hmacWithPublicJwkText(JWK key, JWTClaimsSet claims) {
		return hmac(key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8), key.getKeyID(), claims);
	}

	private static String hmac(byte[] secret, String kid, JWTClaimsSet claims) {
		try {
			return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).type(JOSEObjectType.JWT).build(),
					new MACSigner(secret), claims);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static JWSAlgorithm algorithmOf(JWK key) {
		Algorithm own = key.getAlgorithm();
		if (own != null) {
			return JWSAlgorithm.parse(own.getName());
		}
		return (key instanceof ECKey) ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
	}

	static JWSSigner signer(JWK key) {
		try {
			return (key instanceof ECKey ec) ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String base64Url(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	static String shortId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	/** Releases any hanging fetch and stops the key server. */
	@Override
	public void close() {
		this.closing.countDown();
		if (!this.down) {
			this.server.stop(0);
		}
		this.serverThreads.shutdownNow();
	}

}
