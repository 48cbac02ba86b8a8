package dev.tessera.auth.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import dev.tessera.auth.egress.Loopback;
import dev.tessera.auth.jose.VerificationKeyPolicy;
import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.scope.ScopeSyntax;

/**
 * What makes a client registration valid, as plain rules with no database or web behind
 * them: grant types and authentication methods that fit together (a public client,
 * {@code none}, only for the authorization code flow; {@code refresh_token} only with
 * {@code authorization_code}), scopes from the catalogue (admin scopes only for a caller
 * that holds them), default scopes within the scopes and not mixing admin with other
 * scopes, exact redirect URIs ({@link #redirectUriProblem}) required by and only for the
 * authorization code flow, public keys for {@code private_key_jwt} and, with their
 * certificates, for {@code self_signed_tls_client_auth}, exactly one certificate identity
 * for {@code tls_client_auth} ({@link TlsClientIdentity}), bound tokens only for a client
 * that authenticates with a certificate, lifetimes within the server's caps (keys by
 * {@link VerificationKeyPolicy}; refresh tokens by {@link PersonFlowSettings}), token
 * quotas positive with a day allowing at least an hour ({@link TokenQuota}). Every
 * problem is reported with the field it concerns, all at once.
 */
public final class ClientRules {

	static final String CLIENT_CREDENTIALS = "client_credentials";

	static final String AUTHORIZATION_CODE = "authorization_code";

	static final String REFRESH_TOKEN = "refresh_token";

	static final String PRIVATE_KEY_JWT = "private_key_jwt";

	static final String NONE = "none";

	static final String TLS_CLIENT_AUTH = "tls_client_auth";

	static final String SELF_SIGNED_TLS_CLIENT_AUTH = "self_signed_tls_client_auth";

	/** What this server can serve today. */
	static final Set<String> SUPPORTED_GRANTS = Set.of(CLIENT_CREDENTIALS,
			"urn:ietf:params:oauth:grant-type:jwt-bearer", AUTHORIZATION_CODE, REFRESH_TOKEN);

	/**
	 * The grants of a client acting for a person; the only ones a public client may use.
	 */
	static final Set<String> PERSON_GRANTS = Set.of(AUTHORIZATION_CODE, REFRESH_TOKEN);

	static final Set<String> SUPPORTED_METHODS = Set.of("client_secret_basic", "client_secret_post", PRIVATE_KEY_JWT,
			NONE, TLS_CLIENT_AUTH, SELF_SIGNED_TLS_CLIENT_AUTH);

	/** The RFC 8705 methods: the client authenticates with its TLS certificate. */
	static final Set<String> CERTIFICATE_METHODS = Set.of(TLS_CLIENT_AUTH, SELF_SIGNED_TLS_CLIENT_AUTH);

	private static final int MAX_URI_LENGTH = 2000;

	private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");

	private static final int MAX_SECRET_TTL_SECONDS = 2 * 365 * 24 * 3600;

	private final Duration maxAccessTokenTtl;

	private final Function<String, Optional<String>> jwksUriProblem;

	/**
	 * @param maxAccessTokenTtl the server's hard cap on token lifetime
	 * @param jwksUriProblem what is wrong with a {@code jwksUri} under the egress policy,
	 * if anything
	 */
	public ClientRules(Duration maxAccessTokenTtl, Function<String, Optional<String>> jwksUriProblem) {
		this.maxAccessTokenTtl = maxAccessTokenTtl;
		this.jwksUriProblem = jwksUriProblem;
	}

	/**
	 * @param catalogue the scope names that exist
	 * @param callerScopes the scopes the caller's own token holds
	 * @throws InvalidInputProblem listing every problem
	 */
	public void check(ClientDraft draft, Set<String> catalogue, Set<String> callerScopes) {
		List<FieldProblem> problems = new ArrayList<>();
		if (draft.clientId() != null && !CLIENT_ID.matcher(draft.clientId()).matches()) {
			problems.add(new FieldProblem("clientId",
					"must be 1-100 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit"));
		}
		if (draft.name() == null || draft.name().isBlank() || draft.name().length() > 200) {
			problems.add(new FieldProblem("name", "is required, at most 200 characters"));
		}
		else if (hasControlCharacters(draft.name())) {
			problems.add(new FieldProblem("name", "must not contain control characters"));
		}
		checkGrantsAndMethods(draft, problems);
		checkCertificateIdentity(draft, problems);
		checkScopes(draft, catalogue, callerScopes, problems);
		checkKeys(draft, problems);
		checkUris(draft, problems);
		checkLifetimes(draft, problems);
		checkPersonFlow(draft, problems);
		problems.addAll(draft.tokenQuota().problems());
		if (!problems.isEmpty()) {
			throw new InvalidInputProblem(problems);
		}
	}

	private void checkGrantsAndMethods(ClientDraft draft, List<FieldProblem> problems) {
		if (draft.grantTypes().isEmpty()) {
			problems.add(new FieldProblem("grantTypes", "at least one grant type is required"));
		}
		for (String grant : draft.grantTypes()) {
			if (!SUPPORTED_GRANTS.contains(grant)) {
				problems.add(new FieldProblem("grantTypes", "unknown grant type '" + grant + "'"));
			}
		}
		if (draft.grantTypes().contains(REFRESH_TOKEN) && !draft.grantTypes().contains(AUTHORIZATION_CODE)) {
			problems.add(new FieldProblem("grantTypes",
					"refresh_token is only issued with authorization_code (never for client_credentials or jwt-bearer): "
							+ "add authorization_code or remove refresh_token"));
		}
		if (draft.authMethods().isEmpty()) {
			problems.add(new FieldProblem("authMethods", "at least one authentication method is required"));
		}
		for (String method : draft.authMethods()) {
			if (!SUPPORTED_METHODS.contains(method)) {
				problems.add(new FieldProblem("authMethods", "unknown authentication method '" + method + "'"));
			}
		}
		if (draft.authMethods().contains(NONE)) {
			if (draft.authMethods().size() > 1) {
				problems.add(new FieldProblem("authMethods",
						"'none' (a public client) must be the only authentication method"));
			}
			draft.grantTypes()
				.stream()
				.filter((grant) -> !PERSON_GRANTS.contains(grant) && SUPPORTED_GRANTS.contains(grant))
				.sorted()
				.forEach((grant) -> problems.add(new FieldProblem("authMethods", grant
						+ " needs a confidential client: 'none' is only for public PKCE clients using authorization_code "
						+ "(and refresh_token)")));
		}
	}

	/**
	 * RFC 8705: a {@code tls_client_auth} client registers exactly one certificate
	 * identity (subject DN or one SAN), well formed; no other client registers one; bound
	 * tokens only for a client that authenticates with a certificate, since only then is
	 * there a certificate to bind them to.
	 */
	private static void checkCertificateIdentity(ClientDraft draft, List<FieldProblem> problems) {
		boolean tls = draft.authMethods().contains(TLS_CLIENT_AUTH);
		List<TlsClientIdentity.Entry> entries = draft.tls().entries();
		if (tls && entries.isEmpty()) {
			problems.add(new FieldProblem(TlsClientIdentity.Kind.SUBJECT_DN.field(),
					"tls_client_auth needs the certificate's identity: exactly one of tlsSubjectDn, tlsSanDns, "
							+ "tlsSanUri, tlsSanIp or tlsSanEmail"));
		}
		if (tls && entries.size() > 1) {
			entries.stream()
				.skip(1)
				.forEach(entry -> problems.add(new FieldProblem(entry.kind().field(),
						"only one of tlsSubjectDn, tlsSanDns, tlsSanUri, tlsSanIp and tlsSanEmail may be set; "
								+ entries.get(0).kind().field() + " is set already")));
		}
		if (!tls) {
			entries.forEach(
					entry -> problems.add(new FieldProblem(entry.kind().field(), "is only used with tls_client_auth")));
		}
		problems.addAll(draft.tls().valueProblems());
		if (draft.certificateBoundTokens()
				&& (draft.authMethods().isEmpty() || !CERTIFICATE_METHODS.containsAll(draft.authMethods()))) {
			problems.add(new FieldProblem("certificateBoundTokens",
					"needs certificate authentication methods only (tls_client_auth, self_signed_tls_client_auth): "
							+ "tokens are bound to the certificate the client authenticated with, and a client that "
							+ "could also authenticate another way would get unbound tokens"));
		}
	}

	private static void checkScopes(ClientDraft draft, Set<String> catalogue, Set<String> callerScopes,
			List<FieldProblem> problems) {
		for (String scope : draft.scopes()) {
			if (!ScopeSyntax.isValid(scope) || !catalogue.contains(scope)) {
				problems.add(new FieldProblem("scopes", "unknown scope '" + scope + "'"));
			}
			else if (AdminScopes.ALL.contains(scope) && !callerScopes.contains(scope)) {
				problems.add(new FieldProblem("scopes",
						"'" + scope + "' is an admin scope the caller does not hold itself"));
			}
		}
		for (String scope : draft.defaultScopes()) {
			if (!draft.scopes().contains(scope)) {
				problems.add(new FieldProblem("defaultScopes", "'" + scope + "' is not among the client's scopes"));
			}
		}
		boolean adminDefaults = draft.defaultScopes().stream().anyMatch(AdminScopes.ALL::contains);
		if (adminDefaults && !AdminScopes.ALL.containsAll(draft.defaultScopes())) {
			problems.add(new FieldProblem("defaultScopes",
					"must not mix admin scopes with other scopes: a token with admin scopes is addressed to the "
							+ "admin API (the issuer) alone, so they are requested alone"));
		}
	}

	private void checkKeys(ClientDraft draft, List<FieldProblem> problems) {
		boolean pkjwt = draft.authMethods().contains(PRIVATE_KEY_JWT);
		boolean selfSigned = draft.authMethods().contains(SELF_SIGNED_TLS_CLIENT_AUTH);
		boolean hasJwks = draft.jwks() != null;
		boolean hasJwksUri = draft.jwksUri() != null;
		if ((pkjwt || selfSigned) && hasJwks == hasJwksUri) {
			problems.add(new FieldProblem(hasJwks ? "jwksUri" : "jwks",
					(pkjwt ? PRIVATE_KEY_JWT : SELF_SIGNED_TLS_CLIENT_AUTH) + " needs exactly one of jwks or jwksUri"));
		}
		if (!pkjwt && !selfSigned && (hasJwks || hasJwksUri)) {
			problems.add(new FieldProblem(hasJwks ? "jwks" : "jwksUri",
					"is only used with private_key_jwt or self_signed_tls_client_auth"));
		}
		if (hasJwks) {
			Optional<String> problem = VerificationKeyPolicy.registrationProblem(draft.jwks());
			problem.ifPresent(message -> problems.add(new FieldProblem("jwks", message)));
			if (selfSigned && problem.isEmpty()) {
				RegisteredCertificates.problemWith(draft.jwks())
					.ifPresent(message -> problems.add(new FieldProblem("jwks", message)));
			}
		}
		if (hasJwksUri) {
			this.jwksUriProblem.apply(draft.jwksUri())
				.ifPresent(message -> problems.add(new FieldProblem("jwksUri", message)));
		}
	}

	/**
	 * Control characters (a NUL above all, which PostgreSQL refuses) never belong in
	 * stored text.
	 */
	static boolean hasControlCharacters(String value) {
		return value.chars().anyMatch(Character::isISOControl);
	}

	private static void checkUris(ClientDraft draft, List<FieldProblem> problems) {
		for (String audience : draft.audiences()) {
			if (!isAbsoluteUri(audience) || audience.length() > MAX_URI_LENGTH) {
				problems.add(new FieldProblem("audiences", "'" + audience + "' is not an absolute URI"));
			}
		}
		boolean authorizationCode = draft.grantTypes().contains(AUTHORIZATION_CODE);
		if (!draft.redirectUris().isEmpty() && !authorizationCode) {
			problems.add(new FieldProblem("redirectUris", "are only used with authorization_code"));
		}
		if (draft.redirectUris().isEmpty() && authorizationCode) {
			problems.add(new FieldProblem("redirectUris", "authorization_code needs at least one redirect URI"));
		}
		for (String redirect : draft.redirectUris()) {
			redirectUriProblem(redirect).ifPresent(message -> problems.add(new FieldProblem("redirectUris", message)));
		}
		Set<String> postLogout = draft.personFlow().postLogoutRedirectUris();
		if (!postLogout.isEmpty() && !authorizationCode) {
			problems.add(new FieldProblem("postLogoutRedirectUris", "are only used with authorization_code"));
		}
		for (String redirect : postLogout) {
			redirectUriProblem(redirect)
				.ifPresent(message -> problems.add(new FieldProblem("postLogoutRedirectUris", message)));
		}
	}

	/**
	 * What is wrong with a redirect (or post-logout redirect) URI, if anything. It is
	 * matched exactly, so it must be an absolute URL of at most 2000 characters without a
	 * fragment (RFC 6749 §3.1.2), a {@code *} (no wildcards), user information or control
	 * characters, using https; plain http only on the loopback IP literals
	 * {@code 127.0.0.1} and {@code [::1]}, for native apps (RFC 8252 §7.3, where the port
	 * may vary at authorization time). {@code localhost} over http is refused: RFC 8252
	 * §8.3 asks for the IP literal, which does not depend on name resolution, and only IP
	 * literals get the port variance.
	 */
	static Optional<String> redirectUriProblem(String redirect) {
		if (redirect.length() > MAX_URI_LENGTH) {
			return Optional
				.of("'" + redirect.substring(0, 50) + "...' must be at most " + MAX_URI_LENGTH + " characters");
		}
		if (hasControlCharacters(redirect)) {
			return Optional.of("a redirect URI must not contain control characters");
		}
		if (redirect.contains("*")) {
			return Optional.of("'" + redirect + "' must not contain '*': redirect URIs are matched exactly, "
					+ "wildcards are not supported");
		}
		URI uri;
		try {
			uri = new URI(redirect);
		}
		catch (URISyntaxException ex) {
			return Optional.of("'" + redirect + "' is not a URI");
		}
		if (!uri.isAbsolute() || uri.getHost() == null) {
			return Optional.of("'" + redirect + "' must be an absolute URL");
		}
		if (uri.getRawFragment() != null) {
			return Optional.of("'" + redirect + "' must not have a fragment");
		}
		if (uri.getRawUserInfo() != null) {
			return Optional.of("'" + redirect + "' must not contain user information (user@host)");
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535 || (uri.getPort() < 0 && uri.getRawAuthority().endsWith(":"))) {
			return Optional.of("'" + redirect + "' has no valid port: leave it out, or give one from 1 to 65535");
		}
		if ("https".equals(uri.getScheme())) {
			return Optional.empty();
		}
		if (!"http".equals(uri.getScheme())) {
			return Optional.of("'" + redirect + "' must use https (http only on 127.0.0.1 or [::1])");
		}
		String host = uri.getHost();
		if ("127.0.0.1".equals(host) || "[::1]".equals(host)) {
			return Optional.empty();
		}
		if (Loopback.isName(host)) {
			return Optional.of("'" + redirect + "' must use the loopback IP literal, http://127.0.0.1 or "
					+ "http://[::1], not localhost (RFC 8252 §8.3; only IP literals may vary their port)");
		}
		if (Loopback.isHost(host)) {
			return Optional.of("'" + redirect + "': plain http is only allowed on the loopback IP literals "
					+ "127.0.0.1 and [::1]");
		}
		return Optional.of("'" + redirect + "' must use https (http only on 127.0.0.1 or [::1])");
	}

	/**
	 * First-party and refresh-token settings mean something only with the grants that use
	 * them, and the refresh-token lifetimes stay within the caps with idle no longer than
	 * absolute (an unset one counting as its default).
	 */
	private static void checkPersonFlow(ClientDraft draft, List<FieldProblem> problems) {
		PersonFlowSettings flow = draft.personFlow();
		if (flow.firstParty() && !draft.grantTypes().contains(AUTHORIZATION_CODE)) {
			problems.add(new FieldProblem("firstParty",
					"is only used with authorization_code (it skips the consent page a person would see)"));
		}
		boolean refresh = draft.grantTypes().contains(REFRESH_TOKEN);
		boolean idleValid = refreshLifetime("refreshTokenIdleSeconds", flow.refreshTokenIdleSeconds(), refresh,
				problems);
		boolean absoluteValid = refreshLifetime("refreshTokenAbsoluteSeconds", flow.refreshTokenAbsoluteSeconds(),
				refresh, problems);
		if (refresh && idleValid && absoluteValid && flow.effectiveIdleSeconds() > flow.effectiveAbsoluteSeconds()) {
			String idle = flow.effectiveIdleSeconds()
					+ ((flow.refreshTokenIdleSeconds() == null) ? ", the default" : "");
			String absolute = flow.effectiveAbsoluteSeconds()
					+ ((flow.refreshTokenAbsoluteSeconds() == null) ? ", the default" : "");
			problems.add(new FieldProblem(
					(flow.refreshTokenIdleSeconds() != null) ? "refreshTokenIdleSeconds"
							: "refreshTokenAbsoluteSeconds",
					"refreshTokenIdleSeconds (" + idle + ") must not exceed refreshTokenAbsoluteSeconds (" + absolute
							+ ")"));
		}
	}

	private static boolean refreshLifetime(String field, Integer seconds, boolean refresh,
			List<FieldProblem> problems) {
		if (seconds == null) {
			return true;
		}
		if (!refresh) {
			problems.add(new FieldProblem(field, "is only used with refresh_token"));
			return false;
		}
		if (seconds < PersonFlowSettings.MIN_REFRESH_SECONDS || seconds > PersonFlowSettings.MAX_REFRESH_SECONDS) {
			problems.add(new FieldProblem(field, "must be between " + PersonFlowSettings.MIN_REFRESH_SECONDS + " and "
					+ PersonFlowSettings.MAX_REFRESH_SECONDS));
			return false;
		}
		return true;
	}

	private void checkLifetimes(ClientDraft draft, List<FieldProblem> problems) {
		Integer ttl = draft.accessTokenTtlSeconds();
		if (ttl != null && (ttl < 1 || ttl > this.maxAccessTokenTtl.toSeconds())) {
			problems.add(new FieldProblem("accessTokenTtlSeconds",
					"must be between 1 and " + this.maxAccessTokenTtl.toSeconds() + " (the server's cap)"));
		}
		Integer secretTtl = draft.secretTtlSeconds();
		if (secretTtl != null && (secretTtl < 60 || secretTtl > MAX_SECRET_TTL_SECONDS)) {
			problems.add(new FieldProblem("secretTtlSeconds", "must be between 60 and " + MAX_SECRET_TTL_SECONDS));
		}
	}

	private static boolean isAbsoluteUri(String value) {
		try {
			URI uri = new URI(value);
			return uri.isAbsolute();
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

}
