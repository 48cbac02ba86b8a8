package dev.tessera.auth.trust;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.tessera.auth.jose.VerificationKeyPolicy;
import dev.tessera.auth.problem.FieldProblem;
import dev.tessera.auth.problem.InvalidInputProblem;
import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.scope.ScopeSyntax;

/**
 * What makes a trusted issuer registration valid, as plain rules with no database or web
 * behind them: an issuer identifier and audiences that an assertion can carry (RFC 7519
 * StringOrURI), exactly one source of keys (an inline set with at least one key the
 * assertion policy accepts and no secret, or a URL the outbound policy allows), at least
 * one client, scopes from the catalogue and never an admin scope (a partner's assertion
 * must not yield an admin token), a bounded assertion lifetime and a printable subject
 * prefix. Every problem is reported with its field, all at once. Uniqueness (issuer,
 * subject prefix) needs the stored registrations and is
 * {@link TrustedIssuerAdministration}'s.
 */
public final class TrustedIssuerRules {

	static final int MAX_ISSUER_LENGTH = 500;

	static final int MAX_URI_LENGTH = 2000;

	static final int MAX_CLIENT_ID_LENGTH = 100;

	static final int MAX_SUBJECT_PREFIX_LENGTH = 100;

	static final int MAX_LIFETIME_SECONDS = 3600;

	private final Function<String, Optional<String>> jwksUriProblem;

	/**
	 * @param jwksUriProblem what is wrong with a {@code jwksUri} under the egress policy,
	 * if anything
	 */
	public TrustedIssuerRules(Function<String, Optional<String>> jwksUriProblem) {
		this.jwksUriProblem = jwksUriProblem;
	}

	/**
	 * @param draft the registration with its defaults applied
	 * ({@link TrustedIssuerDraft#withDefaults})
	 * @param catalogue the scope names that exist
	 * @throws InvalidInputProblem listing every problem
	 */
	public void check(TrustedIssuerDraft draft, Set<String> catalogue) {
		List<FieldProblem> problems = new ArrayList<>();
		checkIssuer(draft.issuer(), problems);
		checkKeys(draft, problems);
		for (String audience : draft.audiences()) {
			stringOrUriProblem(audience, MAX_URI_LENGTH)
				.ifPresent(message -> problems.add(new FieldProblem("audiences", "'" + audience + "' " + message)));
		}
		if (draft.audiences().isEmpty()) {
			problems.add(new FieldProblem("audiences", "at least one audience is required"));
		}
		checkClients(draft.allowedClientIds(), problems);
		checkScopes(draft.allowedScopes(), catalogue, problems);
		Integer lifetime = draft.maxAssertionLifetimeSeconds();
		if (lifetime == null || lifetime < 1 || lifetime > MAX_LIFETIME_SECONDS) {
			problems
				.add(new FieldProblem("maxAssertionLifetimeSeconds", "must be between 1 and " + MAX_LIFETIME_SECONDS));
		}
		String prefix = draft.subjectPrefix();
		if (prefix != null && (prefix.isEmpty() || prefix.length() > MAX_SUBJECT_PREFIX_LENGTH
				|| hasWhitespaceOrControl(prefix))) {
			problems.add(new FieldProblem("subjectPrefix",
					"must be 1-" + MAX_SUBJECT_PREFIX_LENGTH + " characters without whitespace or control characters"));
		}
		if (!problems.isEmpty()) {
			throw new InvalidInputProblem(problems);
		}
	}

	private static void checkIssuer(String issuer, List<FieldProblem> problems) {
		if (issuer == null || issuer.isEmpty()) {
			problems.add(new FieldProblem("issuer", "is required"));
			return;
		}
		stringOrUriProblem(issuer, MAX_ISSUER_LENGTH)
			.ifPresent(message -> problems.add(new FieldProblem("issuer", message)));
	}

	private void checkKeys(TrustedIssuerDraft draft, List<FieldProblem> problems) {
		boolean hasJwks = draft.jwks() != null;
		boolean hasJwksUri = draft.jwksUri() != null;
		if (hasJwks == hasJwksUri) {
			problems.add(new FieldProblem(hasJwks ? "jwksUri" : "jwks", "exactly one of jwks or jwksUri is required"));
		}
		if (hasJwks) {
			VerificationKeyPolicy.registrationProblem(draft.jwks())
				.ifPresent(message -> problems.add(new FieldProblem("jwks", message)));
		}
		if (hasJwksUri) {
			if (draft.jwksUri().length() > MAX_URI_LENGTH || hasWhitespaceOrControl(draft.jwksUri())) {
				problems.add(new FieldProblem("jwksUri",
						"must be at most " + MAX_URI_LENGTH + " characters without whitespace or control characters"));
			}
			else {
				this.jwksUriProblem.apply(draft.jwksUri())
					.ifPresent(message -> problems.add(new FieldProblem("jwksUri", message)));
			}
		}
	}

	private static void checkClients(Set<String> clientIds, List<FieldProblem> problems) {
		if (clientIds.isEmpty()) {
			problems.add(new FieldProblem("allowedClientIds", "at least one client is required"));
		}
		for (String clientId : clientIds) {
			if (clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_LENGTH || hasWhitespaceOrControl(clientId)) {
				problems.add(new FieldProblem("allowedClientIds", "'" + clientId + "' is not a client id (1-"
						+ MAX_CLIENT_ID_LENGTH + " characters without whitespace)"));
			}
		}
	}

	private static void checkScopes(Set<String> scopes, Set<String> catalogue, List<FieldProblem> problems) {
		for (String scope : scopes) {
			if (AdminScopes.ALL.contains(scope)) {
				problems.add(new FieldProblem("allowedScopes",
						"'" + scope + "' is an admin scope: a partner's assertion never yields an admin token"));
			}
			else if (!ScopeSyntax.isValid(scope) || !catalogue.contains(scope)) {
				problems.add(new FieldProblem("allowedScopes", "unknown scope '" + scope + "'"));
			}
		}
	}

	/**
	 * What is wrong with a value a JWT's {@code iss} or {@code aud} can carry (RFC 7519
	 * §2 StringOrURI: any string, but a URI if it contains a colon), refused here also
	 * when blank or holding whitespace or control characters, which no identifier needs.
	 */
	static Optional<String> stringOrUriProblem(String value, int maxLength) {
		if (value.isBlank() || value.length() > maxLength) {
			return Optional.of("must be 1-" + maxLength + " characters");
		}
		if (hasWhitespaceOrControl(value)) {
			return Optional.of("must not contain whitespace or control characters");
		}
		if (value.indexOf(':') >= 0) {
			try {
				if (!new URI(value).isAbsolute()) {
					return Optional.of("must be an absolute URI (it contains ':')");
				}
			}
			catch (URISyntaxException ex) {
				return Optional.of("must be a URI (it contains ':')");
			}
		}
		return Optional.empty();
	}

	static boolean hasWhitespaceOrControl(String value) {
		return value.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
	}

}
