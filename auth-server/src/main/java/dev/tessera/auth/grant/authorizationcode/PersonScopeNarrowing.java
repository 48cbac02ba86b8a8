package dev.tessera.auth.grant.authorizationcode;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;

import dev.tessera.auth.scope.AdminScopes;
import dev.tessera.auth.user.Role;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * A signed-in person's authorization request keeps only the admin scopes the person's
 * roles allow now ({@link Role}): the others are taken out before Spring sees the
 * request, so the consent page, the code and the tokens carry what is granted, and the
 * token response's {@code scope} says so (RFC 6749 §3.3). The console asks for every
 * admin scope and an {@code AUDITOR} gets {@code admin:read audit:read}: no refusal for
 * asking, and no way to borrow a client's admin scopes.
 *
 * <p>
 * This is the one place of the rule, at the extension point Spring offers for changing a
 * request (its {@code OAuth2AuthorizationCodeRequestAuthenticationConverter}, wrapped);
 * its validator runs later and can refuse but not change scopes. Only what Spring would
 * otherwise accept is taken out: a scope the client is not registered for stays, to be
 * refused by Spring's check as for anyone. Nothing changes for a request before sign-in
 * (it is converted again once the person has signed in), nor for a person disabled or
 * gone ({@link AuthorizationRequestValidator} refuses them with {@code access_denied}).
 * When nothing asked for remains, the validator refuses the request
 * ({@code access_denied}, after the redirect URI has been checked): an empty grant is not
 * what the client asked for. The scopes taken out are left on the request for the audit
 * event ({@link #withheld(HttpServletRequest)}).
 */
public class PersonScopeNarrowing {

	private static final String WITHHELD = PersonScopeNarrowing.class.getName() + ".withheld";

	private final Function<String, Optional<Set<String>>> activeRoles;

	private final RegisteredClientRepository clients;

	/**
	 * @param activeRoles a person's roles as stored now, or empty when the person is
	 * disabled or gone
	 */
	public PersonScopeNarrowing(Function<String, Optional<Set<String>>> activeRoles,
			RegisteredClientRepository clients) {
		this.activeRoles = activeRoles;
		this.clients = clients;
	}

	/** Spring's authorization request converter, with the person's scopes narrowed. */
	public AuthenticationConverter wrap(AuthenticationConverter springConverter) {
		return (request) -> {
			Authentication converted = springConverter.convert(request);
			if (converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken codeRequest) {
				return narrow(codeRequest, request);
			}
			return converted;
		};
	}

	/**
	 * The admin scopes taken out of this request's scopes, sorted and space-separated;
	 * null when none were.
	 */
	static String withheld(HttpServletRequest request) {
		return (request.getAttribute(WITHHELD) instanceof String withheld) ? withheld : null;
	}

	private OAuth2AuthorizationCodeRequestAuthenticationToken narrow(
			OAuth2AuthorizationCodeRequestAuthenticationToken codeRequest, HttpServletRequest request) {
		if (codeRequest.getScopes().isEmpty() || !(codeRequest.getPrincipal() instanceof Authentication person)
				|| !person.isAuthenticated() || person instanceof AnonymousAuthenticationToken) {
			return codeRequest;
		}
		Optional<Set<String>> roles = this.activeRoles.apply(person.getName());
		RegisteredClient client = this.clients.findByClientId(codeRequest.getClientId());
		if (roles.isEmpty() || client == null) {
			return codeRequest;
		}
		Set<String> withheld = beyondRoles(codeRequest.getScopes(), client.getScopes(), roles.get());
		if (withheld.isEmpty()) {
			return codeRequest;
		}
		Set<String> kept = new TreeSet<>(codeRequest.getScopes());
		kept.removeAll(withheld);
		request.setAttribute(WITHHELD, String.join(" ", withheld));
		return new NarrowedAuthorizationRequest(codeRequest, kept, withheld);
	}

	/**
	 * The scopes asked for that are admin scopes the client holds but the roles do not
	 * allow, sorted.
	 */
	static Set<String> beyondRoles(Collection<String> asked, Collection<String> clientScopes,
			Collection<String> roles) {
		Set<String> beyond = new TreeSet<>(asked);
		beyond.retainAll(AdminScopes.ALL);
		beyond.retainAll(clientScopes);
		beyond.removeAll(Role.allowedAdminScopes(roles));
		return beyond;
	}

	/**
	 * An authorization request whose admin scopes were narrowed to the person's roles:
	 * what remains, and what was taken out.
	 */
	static final class NarrowedAuthorizationRequest extends OAuth2AuthorizationCodeRequestAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final Set<String> withheld;

		NarrowedAuthorizationRequest(OAuth2AuthorizationCodeRequestAuthenticationToken asked, Set<String> kept,
				Set<String> withheld) {
			super(asked.getAuthorizationUri(), asked.getClientId(), (Authentication) asked.getPrincipal(),
					asked.getRedirectUri(), asked.getState(), kept, asked.getAdditionalParameters());
			this.withheld = Set.copyOf(withheld);
		}

		Set<String> withheld() {
			return new TreeSet<>(this.withheld);
		}

	}

}
