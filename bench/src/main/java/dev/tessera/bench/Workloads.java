package dev.tessera.bench;

import java.util.Locale;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;

/**
 * The scenarios as requests: the same bytes for Tessera and the baseline, so any
 * difference is the server's.
 */
final class Workloads {

	/** The one scope the benchmark's clients hold and ask for. */
	static final String SCOPE = "bench:read";

	static final String JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

	/** RFC 7523 §2.1: a partner's assertion exchanged for an access token. */
	static final String JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";

	private Workloads() {
	}

	/**
	 * @param accessToken the token introspection asks about (fresh per phase), else
	 * unused
	 */
	static Workload of(Scenario scenario, Target target, String accessToken) {
		return switch (scenario) {
			case TOKEN_SECRET, TOKEN_SECRET_UNDER_FLOOD -> new TokenBySecret(target);
			case TOKEN_PRIVATE_KEY_JWT -> new TokenByAssertion(target);
			case TOKEN_JWT_BEARER -> new TokenForPartnerAssertion(target);
			case TOKEN_REFRESH -> refresh(target, RefreshChains.of(target));
			case INTROSPECTION -> new Introspection(target, accessToken);
			case JWKS -> new JwksFetch(target);
			case TOKEN_MTLS, TOKEN_MTLS_RESUMED, TOKEN_MTLS_FULL -> new TokenByCertificate(target, scenario.tls());
		};
	}

	/**
	 * The refresh grant on rotation chains: one chain per connection, each request
	 * sending the refresh token of the chain's last answer.
	 */
	static Workload refresh(Target target, RefreshChains chains) {
		return new TokenByRefresh(target, HttpForms.basic(target.refresh().clientId(), target.refresh().clientSecret()),
				chains, null);
	}

	private static String expectToken(String body) {
		return (body.contains("\"access_token\"") && body.contains("\"token_type\"")) ? null
				: "no access_token in the token response";
	}

	/** {@code client_credentials} with {@code client_secret_basic}. */
	private record TokenBySecret(Target target, String authorization, String body) implements Workload {

		TokenBySecret(Target target) {
			this(target, HttpForms.basic(target.clientId(), target.clientSecret()),
					HttpForms.form("grant_type", "client_credentials", "scope", SCOPE));
		}

		@Override
		public LoadRequest request(long sequence) {
			return LoadRequest.postForm(this.target.node(sequence).resolve("/oauth2/token"),
					Map.of("Authorization", this.authorization), this.body);
		}

		@Override
		public String verify(String body) {
			return expectToken(body);
		}

	}

	/**
	 * {@code client_credentials} with {@code private_key_jwt}: a new assertion per
	 * request.
	 */
	private record TokenByAssertion(Target target) implements Workload {

		@Override
		public LoadRequest request(long sequence) {
			AssertionPool assertions = this.target.assertions();
			// client_id is optional in RFC 7523, but Spring Authorization Server requires
			// it
			String body = HttpForms.form("grant_type", "client_credentials", "scope", SCOPE, "client_id",
					assertions.issuer(), "client_assertion_type", JWT_BEARER_ASSERTION, "client_assertion",
					assertions.take());
			return LoadRequest.postForm(this.target.node(sequence).resolve("/oauth2/token"), Map.of(), body);
		}

		@Override
		public String verify(String body) {
			return expectToken(body);
		}

	}

	/**
	 * The JWT-bearer grant (RFC 7523 §2.1): a trusted partner's assertion, a new one per
	 * request, exchanged by a client that authenticates with {@code client_secret_basic}.
	 */
	private record TokenForPartnerAssertion(Target target, JwtBearerClient client,
			String authorization) implements Workload {

		TokenForPartnerAssertion(Target target) {
			this(target, jwtBearerOf(target));
		}

		private TokenForPartnerAssertion(Target target, JwtBearerClient client) {
			this(target, client, HttpForms.basic(client.clientId(), client.clientSecret()));
		}

		private static JwtBearerClient jwtBearerOf(Target target) {
			if (target.jwtBearer() == null) {
				throw new BenchmarkException(target.label() + " has no JWT-bearer client");
			}
			return target.jwtBearer();
		}

		@Override
		public LoadRequest request(long sequence) {
			String body = HttpForms.form("grant_type", JWT_BEARER_GRANT, "assertion", this.client.assertions().take(),
					"scope", SCOPE);
			return LoadRequest.postForm(this.target.node(sequence).resolve("/oauth2/token"),
					Map.of("Authorization", this.authorization), body);
		}

		@Override
		public String verify(String body) {
			return expectToken(body);
		}

	}

	/**
	 * {@code refresh_token} (RFC 6749 §6) by a confidential {@code client_secret_basic}
	 * client: each connection sends the refresh token its chain's last answer carried,
	 * and every answer is read for the rotated one.
	 */
	private record TokenByRefresh(Target target, String authorization, RefreshChains chains,
			RefreshChains.Chain chain) implements Workload {

		@Override
		public Workload forConnection() {
			return new TokenByRefresh(this.target, this.authorization, this.chains, this.chains.next());
		}

		@Override
		public boolean verifiesEveryResponse() {
			return true;
		}

		@Override
		public LoadRequest request(long sequence) {
			if (this.chain == null) {
				throw new IllegalStateException("a refresh chain belongs to one connection: use forConnection()");
			}
			String body = HttpForms.form("grant_type", "refresh_token", "refresh_token", this.chain.take());
			return LoadRequest.postForm(this.target.node(sequence).resolve("/oauth2/token"),
					Map.of("Authorization", this.authorization), body);
		}

		@Override
		public String verify(String body) {
			return this.chain.accept(body);
		}

		@Override
		public String afterPhase() {
			long restarts = this.chains.takeRestarts();
			return (restarts == 0) ? "no chain broke" : String.format(Locale.ROOT,
					"%,d chains started again by the code flow during the phase after a break (untimed)", restarts);
		}

	}

	/**
	 * {@code client_credentials} with {@code tls_client_auth} (RFC 8705 §2.1) on the TLS
	 * port: {@code client_id} in the form, the client's certificate in the handshake. On
	 * kept-alive connections, or with {@code Connection: close} on every request so that
	 * each one opens a new connection, resuming the client's TLS session or doing a full
	 * handshake as the transport is told; the phase's note counts which happened. A
	 * checked answer must carry an access token bound to the client's certificate
	 * ({@code cnf.x5t#S256}) when the client was registered for bound tokens.
	 */
	private record TokenByCertificate(Target target, MtlsClient client, TlsTransport tls, Map<String, String> headers,
			String body) implements Workload {

		TokenByCertificate(Target target, Scenario.Tls tls) {
			this(target, mtlsOf(target), tls);
		}

		private TokenByCertificate(Target target, MtlsClient client, Scenario.Tls tls) {
			this(target, client,
					client.transport((tls == Scenario.Tls.FULL) ? TlsTransport.Handshakes.FULL
							: TlsTransport.Handshakes.RESUMED),
					(tls == Scenario.Tls.KEEP_ALIVE) ? Map.of() : Map.of("Connection", "close"), client.tokenForm());
		}

		private static MtlsClient mtlsOf(Target target) {
			if (target.mtls() == null) {
				throw new BenchmarkException(target.label() + " has no tls_client_auth client");
			}
			return target.mtls();
		}

		@Override
		public LoadRequest request(long sequence) {
			return LoadRequest.postForm(this.client.node(sequence).resolve("/oauth2/token"), this.headers, this.body);
		}

		@Override
		public Transport transport() {
			return this.tls;
		}

		@Override
		public String verify(String body) {
			String problem = expectToken(body);
			if (problem != null || this.client.thumbprint() == null) {
				return problem;
			}
			try {
				String token = (String) JSONObjectUtils.parse(body).get("access_token");
				Map<String, Object> cnf = SignedJWT.parse(token).getJWTClaimsSet().getJSONObjectClaim("cnf");
				Object bound = (cnf != null) ? cnf.get("x5t#S256") : null;
				return this.client.thumbprint().equals(bound) ? null
						: "the access token is not bound to the client's certificate (cnf: " + cnf + ")";
			}
			catch (java.text.ParseException | RuntimeException ex) {
				return "the access token is not a JWT with claims: " + ex.getMessage();
			}
		}

		@Override
		public String afterPhase() {
			return this.tls.takeCounts().describe();
		}

	}

	/** RFC 7662 introspection of one live token by the client it was issued to. */
	private record Introspection(Target target, String authorization, String body) implements Workload {

		Introspection(Target target, String accessToken) {
			this(target, HttpForms.basic(target.clientId(), target.clientSecret()),
					HttpForms.form("token", accessToken));
		}

		@Override
		public LoadRequest request(long sequence) {
			return LoadRequest.postForm(this.target.node(sequence).resolve("/oauth2/introspect"),
					Map.of("Authorization", this.authorization), this.body);
		}

		@Override
		public String verify(String body) {
			return body.replace(" ", "").contains("\"active\":true") ? null : "introspection did not say active:true";
		}

	}

	/**
	 * The key set resource servers fetch, without conditional requests (a cache miss
	 * every time).
	 */
	private record JwksFetch(Target target) implements Workload {

		@Override
		public LoadRequest request(long sequence) {
			return LoadRequest.get(this.target.node(sequence).resolve("/oauth2/jwks"));
		}

		@Override
		public String verify(String body) {
			return body.contains("\"keys\"") ? null : "no keys in the JWKS";
		}

	}

}
