package dev.tessera.auth.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.web.RfcText;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * Decides a token's {@code aud}, the one place that does. Admin scopes belong to the
 * admin API, whose identifier is the issuer: a token carrying any of them is addressed to
 * the issuer alone, whatever audiences the client registered, so a token meant for a
 * partner's API never works at the admin API and an admin token never reaches a partner.
 * Asking for admin scopes together with other scopes is {@code invalid_scope}; together
 * with a {@code resource} other than the issuer, {@code invalid_target}.
 *
 * <p>
 * Any other token gets the client's registered audiences, narrowed to the RFC 8707
 * {@code resource} values when the request names any (a resource the client is not
 * registered for is {@code invalid_target}); a client with no audiences gets its own
 * client_id (Spring's default), so {@code aud} is never empty.
 */
public final class AudienceResolver {

	static final String INVALID_TARGET = "invalid_target";

	private static final String TARGET_URI = "https://datatracker.ietf.org/doc/html/rfc8707#section-2";

	private static final String SCOPE_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

	/**
	 * The OpenID Connect scopes: they ask for an ID token and userinfo from this server,
	 * not for access to an API, so they may go with admin scopes (the admin console signs
	 * people in with both).
	 */
	public static final Set<String> IDENTITY_SCOPES = Set.of("openid", "profile");

	private final String issuer;

	/**
	 * The audience decided for a token request. The request's validator
	 * ({@code grant.clientcredentials.TokenRequestAudienceValidator}) leaves it on the
	 * request as its details ({@link AbstractAuthenticationToken#setDetails}), and
	 * {@link AccessTokenCustomizer} reads it from the same request
	 * ({@code JwtEncodingContext#getAuthorizationGrant()}), so the rule runs once per
	 * token. Spring hands nothing else mutable from validator to customizer: the
	 * request's parameters and the validator's context are read-only.
	 */
	public record Resolved(List<String> audience) {
	}

	public AudienceResolver(String issuer) {
		this.issuer = issuer;
	}

	/**
	 * @param registered the client's audiences
	 * @param requested the {@code resource} parameter as the converter left it: null, a
	 * String, or a String[] when repeated
	 * @param scopes the scopes the token will carry
	 * @throws OAuth2AuthenticationException {@code invalid_scope} or
	 * {@code invalid_target}, with a description that says why
	 */
	public List<String> resolve(String clientId, Collection<String> registered, Object requested, Set<String> scopes) {
		List<String> resources = asList(requested);
		Set<String> admin = new TreeSet<>(scopes);
		admin.retainAll(AdminScopes.ALL);
		if (!admin.isEmpty()) {
			return adminAudience(admin, scopes, resources);
		}
		if (resources.isEmpty()) {
			return registered.isEmpty() ? List.of(clientId) : List.copyOf(registered);
		}
		List<String> audiences = new ArrayList<>(resources.size());
		for (String resource : resources) {
			if (!registered.contains(resource)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(INVALID_TARGET,
						"The client is not registered for the resource '" + RfcText.description(resource) + "'",
						TARGET_URI));
			}
			if (!audiences.contains(resource)) {
				audiences.add(resource);
			}
		}
		return audiences;
	}

	private List<String> adminAudience(Set<String> admin, Set<String> scopes, List<String> resources) {
		Set<String> others = new TreeSet<>(scopes);
		others.removeAll(AdminScopes.ALL);
		others.removeAll(IDENTITY_SCOPES);
		if (!others.isEmpty()) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
					"The admin scopes " + admin + " are for the admin API, whose audience is the issuer " + this.issuer
							+ ", and must be requested alone, without " + others,
					SCOPE_URI));
		}
		for (String resource : resources) {
			if (!this.issuer.equals(resource)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(
						INVALID_TARGET, "A token with the admin scopes " + admin + " is addressed to the issuer "
								+ this.issuer + " only, not to the resource '" + RfcText.description(resource) + "'",
						TARGET_URI));
			}
		}
		return List.of(this.issuer);
	}

	private static List<String> asList(Object requested) {
		if (requested == null) {
			return List.of();
		}
		if (requested instanceof String single) {
			return List.of(single);
		}
		if (requested instanceof String[] many) {
			return List.of(many);
		}
		throw new OAuth2AuthenticationException(
				new OAuth2Error(INVALID_TARGET, "The resource parameter is malformed", TARGET_URI));
	}

}
