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
 * them: grant types and authentication methods that fit together, scopes from the
 * catalogue (admin scopes only for a caller that holds them), default scopes within the
 * scopes and not mixing admin with other scopes, exact https redirect URIs, public keys
 * for {@code private_key_jwt}, lifetimes within the server's caps (keys by
 * {@link VerificationKeyPolicy}). Every problem is reported with the field it concerns,
 * all at once.
 */
public final class ClientRules {

	static final String CLIENT_CREDENTIALS = "client_credentials";

	static final String PRIVATE_KEY_JWT = "private_key_jwt";

	/** What this server can serve today. */
	static final Set<String> SUPPORTED_GRANTS = Set.of(CLIENT_CREDENTIALS,
			"urn:ietf:params:oauth:grant-type:jwt-bearer");

	static final Set<String> PLANNED_GRANTS = Set.of("authorization_code", "refresh_token");

	static final Set<String> SUPPORTED_METHODS = Set.of("client_secret_basic", "client_secret_post", PRIVATE_KEY_JWT);

	static final Set<String> PLANNED_METHODS = Set.of("none", "tls_client_auth", "self_signed_tls_client_auth");

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
		checkScopes(draft, catalogue, callerScopes, problems);
		checkKeys(draft, problems);
		checkUris(draft, problems);
		checkLifetimes(draft, problems);
		if (!problems.isEmpty()) {
			throw new InvalidInputProblem(problems);
		}
	}

	private void checkGrantsAndMethods(ClientDraft draft, List<FieldProblem> problems) {
		if (draft.grantTypes().isEmpty()) {
			problems.add(new FieldProblem("grantTypes", "at least one grant type is required"));
		}
		for (String grant : draft.grantTypes()) {
			if (PLANNED_GRANTS.contains(grant)) {
				problems.add(new FieldProblem("grantTypes", "'" + grant + "' is not supported by this server yet"));
			}
			else if (!SUPPORTED_GRANTS.contains(grant)) {
				problems.add(new FieldProblem("grantTypes", "unknown grant type '" + grant + "'"));
			}
		}
		if (draft.authMethods().isEmpty()) {
			problems.add(new FieldProblem("authMethods", "at least one authentication method is required"));
		}
		for (String method : draft.authMethods()) {
			if (PLANNED_METHODS.contains(method)) {
				problems.add(new FieldProblem("authMethods", "'" + method + "' is not supported by this server yet"));
			}
			else if (!SUPPORTED_METHODS.contains(method)) {
				problems.add(new FieldProblem("authMethods", "unknown authentication method '" + method + "'"));
			}
		}
		if (draft.grantTypes().contains(CLIENT_CREDENTIALS) && draft.authMethods().contains("none")) {
			problems.add(new FieldProblem("authMethods",
					"client_credentials needs a confidential client: 'none' is only for public PKCE clients"));
		}
		if (draft.tlsSubjectDn() != null || draft.certificateBoundTokens()) {
			problems.add(new FieldProblem(draft.tlsSubjectDn() != null ? "tlsSubjectDn" : "certificateBoundTokens",
					"mutual-TLS clients are not supported by this server yet"));
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
		boolean hasJwks = draft.jwks() != null;
		boolean hasJwksUri = draft.jwksUri() != null;
		if (pkjwt && hasJwks == hasJwksUri) {
			problems.add(new FieldProblem(hasJwks ? "jwksUri" : "jwks",
					"private_key_jwt needs exactly one of jwks or jwksUri"));
		}
		if (!pkjwt && (hasJwks || hasJwksUri)) {
			problems.add(new FieldProblem(hasJwks ? "jwks" : "jwksUri", "is only used with private_key_jwt"));
		}
		if (hasJwks) {
			VerificationKeyPolicy.registrationProblem(draft.jwks())
				.ifPresent(message -> problems.add(new FieldProblem("jwks", message)));
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
			if (!isAbsoluteUri(audience) || audience.length() > 2000) {
				problems.add(new FieldProblem("audiences", "'" + audience + "' is not an absolute URI"));
			}
		}
		if (!draft.redirectUris().isEmpty() && !draft.grantTypes().contains("authorization_code")) {
			problems.add(new FieldProblem("redirectUris", "are only used with authorization_code"));
		}
		for (String redirect : draft.redirectUris()) {
			redirectUriProblem(redirect).ifPresent(message -> problems.add(new FieldProblem("redirectUris", message)));
		}
	}

	static Optional<String> redirectUriProblem(String redirect) {
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
		if (uri.getFragment() != null) {
			return Optional.of("'" + redirect + "' must not have a fragment");
		}
		boolean https = "https".equals(uri.getScheme());
		boolean loopbackHttp = "http".equals(uri.getScheme()) && Loopback.isHost(uri.getHost());
		if (!https && !loopbackHttp) {
			return Optional.of("'" + redirect + "' must use https (http only for a loopback address)");
		}
		return Optional.empty();
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
