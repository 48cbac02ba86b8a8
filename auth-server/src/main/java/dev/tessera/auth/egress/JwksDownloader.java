package dev.tessera.auth.egress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.BasicHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * One download of a key set under the contract's outbound rules, as a Nimbus
 * {@link ResourceRetriever} (for {@code URLBasedJWKSetSource}, see {@link JwksFetcher}):
 * the URL must pass {@link EgressPolicy#parse}; the host is resolved once, through a
 * {@link CheckedDnsResolver}, and the connection goes to the addresses that were checked
 * (no DNS rebinding between check and connect), with TLS still verifying the URL's host
 * name; no redirects, no retries, no proxy, no cookies, no compression; a connect timeout
 * and one deadline for the whole exchange, body included (a server dripping bytes is cut
 * off at it); status 200 only; at most {@value #MAX_BODY_BYTES} bytes; and a key set that
 * passes the rule the caller hands in (for client keys, {@code VerificationKeyPolicy}:
 * this package knows no feature, so it is given the rule rather than importing it).
 * Messages name what went wrong, never a body or a key.
 */
public class JwksDownloader implements ResourceRetriever {

	/** How large a key set may be. */
	public static final int MAX_BODY_BYTES = 64 * 1024;

	/** Cancels exchanges that pass their deadline; one daemon thread for the JVM. */
	private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
		Thread thread = new Thread(task, "tessera-egress-deadlines");
		thread.setDaemon(true);
		return thread;
	});

	private final EgressPolicy policy;

	private final HostResolver resolver;

	private final Registry<TlsSocketStrategy> tls;

	private final Duration connectTimeout;

	private final Duration timeout;

	private final Function<JWKSet, Optional<String>> keySetRule;

	/**
	 * @param allowLoopback whether loopback and local networks (and http to loopback) are
	 * allowed: outside production mode only
	 * @param connectTimeout how long a TCP connection may take
	 * @param timeout the deadline of the whole exchange
	 * @param keySetRule what is wrong with a downloaded key set, if anything (the end of
	 * a sentence starting "the JWK set"); a set with a problem is refused
	 */
	public JwksDownloader(boolean allowLoopback, Duration connectTimeout, Duration timeout,
			Function<JWKSet, Optional<String>> keySetRule) {
		this(new EgressPolicy(allowLoopback), HostResolver.SYSTEM, defaultTls(), connectTimeout, timeout, keySetRule);
	}

	/** With a resolver and TLS trust of the caller's choosing (tests). */
	public JwksDownloader(EgressPolicy policy, HostResolver resolver, SSLContext sslContext, Duration connectTimeout,
			Duration timeout, Function<JWKSet, Optional<String>> keySetRule) {
		this.policy = policy;
		this.resolver = resolver;
		this.tls = RegistryBuilder.<TlsSocketStrategy>create()
			.register("https",
					new DefaultClientTlsStrategy(sslContext, HostnameVerificationPolicy.BOTH,
							new DefaultHostnameVerifier()))
			.build();
		this.connectTimeout = connectTimeout;
		this.timeout = timeout;
		this.keySetRule = keySetRule;
	}

	/** The deadline of a whole exchange. */
	public Duration timeout() {
		return this.timeout;
	}

	/**
	 * Downloads and parses the key set at this URL.
	 * @throws EgressException if the URL or its addresses are refused or the download
	 * fails in any way
	 */
	public JWKSet download(URI uri) {
		return checked(fetch(uri));
	}

	/**
	 * Nimbus's way in ({@code URLBasedJWKSetSource}): the checked key set's JSON, or an
	 * {@link IOException} whose cause is the {@link EgressException} saying why not.
	 */
	@Override
	public Resource retrieveResource(URL url) throws IOException {
		try {
			String body = fetch(url.toURI());
			checked(body);
			return new Resource(body, "application/jwk-set+json");
		}
		catch (EgressException ex) {
			throw new IOException(ex.getMessage(), ex);
		}
		catch (URISyntaxException ex) {
			throw new IOException("Refused: not a valid URL", new EgressException("Refused: not a valid URL"));
		}
	}

	private String fetch(URI uri) {
		URI checked;
		try {
			checked = this.policy.parse(uri.toString());
		}
		catch (IllegalArgumentException ex) {
			throw new EgressException("Refused: " + ex.getMessage());
		}
		HttpGet request = new HttpGet(checked);
		request.setHeader("Accept", "application/jwk-set+json, application/json");
		AtomicBoolean pastDeadline = new AtomicBoolean();
		ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
			pastDeadline.set(true);
			request.cancel();
		}, this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		try (CloseableHttpClient client = client("http".equalsIgnoreCase(checked.getScheme()))) {
			return new String(client.execute(request, JwksDownloader::body), StandardCharsets.UTF_8);
		}
		catch (EgressException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw translate(ex, pastDeadline.get());
		}
		finally {
			deadline.cancel(false);
		}
	}

	/** A client for one exchange: one connection, made through the checked resolver. */
	private CloseableHttpClient client(boolean plainHttp) {
		BasicHttpClientConnectionManager connections = BasicHttpClientConnectionManager.create(
				DefaultSchemePortResolver.INSTANCE, new CheckedDnsResolver(this.policy, this.resolver, plainHttp),
				this.tls, null);
		connections.setConnectionConfig(ConnectionConfig.custom()
			.setConnectTimeout(Timeout.of(this.connectTimeout))
			.setSocketTimeout(Timeout.of(this.timeout))
			.build());
		return HttpClients.custom()
			.setConnectionManager(connections)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setRedirectsEnabled(false)
				.setResponseTimeout(Timeout.of(this.timeout))
				.setProtocolUpgradeEnabled(false)
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			.disableConnectionState()
			.build();
	}

	private static byte[] body(ClassicHttpResponse response) throws IOException {
		int status = response.getCode();
		if (status >= 300 && status < 400) {
			throw new EgressException(
					"Refused: the JWKS URL answered with a redirect (HTTP " + status + "); register the final URL");
		}
		if (status != 200) {
			throw new EgressException("The JWKS URL answered HTTP " + status);
		}
		HttpEntity entity = response.getEntity();
		if (entity == null) {
			throw new EgressException("The JWKS URL did not return a valid JWK set");
		}
		if (entity.getContentLength() > MAX_BODY_BYTES) {
			throw tooLarge();
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (InputStream in = entity.getContent()) {
			byte[] buffer = new byte[8192];
			for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
				if (bytes.size() + read > MAX_BODY_BYTES) {
					throw tooLarge();
				}
				bytes.write(buffer, 0, read);
			}
		}
		return bytes.toByteArray();
	}

	private JWKSet checked(String body) {
		JWKSet keys;
		try {
			keys = JWKSet.parse(body);
		}
		catch (ParseException | RuntimeException ex) { // Nimbus throws NPE on a null key
			throw new EgressException("The JWKS URL did not return a valid JWK set");
		}
		Optional<String> problem = this.keySetRule.apply(keys);
		if (problem.isPresent()) {
			throw new EgressException("Refused: the JWK set " + problem.get());
		}
		return keys;
	}

	private EgressException translate(Exception failure, boolean pastDeadline) {
		if (pastDeadline) {
			return timedOut();
		}
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof EgressException egress) {
				return egress;
			}
			if (t instanceof ConnectTimeoutException) {
				return new EgressException(
						"Could not connect to the JWKS URL within " + this.connectTimeout.toMillis() + " ms");
			}
			if (t instanceof InterruptedIOException) {
				return timedOut();
			}
			if (t instanceof ConnectException) {
				return new EgressException("Could not connect to the JWKS URL");
			}
			if (t instanceof SSLException) {
				return new EgressException(
						"TLS with the JWKS URL failed: its certificate is not trusted or does not name its host");
			}
		}
		return new EgressException("Fetching the JWKS failed: " + failure.getClass().getSimpleName());
	}

	private EgressException timedOut() {
		return new EgressException("The JWKS URL did not answer within " + describe(this.timeout));
	}

	static EgressException tooLarge() {
		return new EgressException("Refused: the response is larger than " + (MAX_BODY_BYTES / 1024) + " KiB");
	}

	private static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	private static SSLContext defaultTls() {
		try {
			return SSLContext.getDefault();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No default TLS context", ex);
		}
	}

}
