package dev.tessera.auth.user.signin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tessera.auth.scope.Scope;
import dev.tessera.auth.scope.ScopeRepository;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The consent page of Spring's authorization endpoint ({@code consentPage} contract): the
 * endpoint redirects here with {@code client_id}, {@code scope} (space separated) and its
 * own {@code state}, and {@code templates/consent.html} posts back to
 * {@code /oauth2/authorize} with {@code client_id}, {@code state}, one {@code scope} per
 * approved scope and the CSRF token; Deny posts no scope and {@code consent_action=deny},
 * which {@code grant.authorizationcode.ConsentDenial} turns into a denial.
 *
 * <p>
 * {@code openid} needs no choice (Spring adds it to any approval): it is shown as
 * "Confirm your identity" and sent as a hidden field, so approving an {@code openid}-only
 * request approves something. Scopes the person already granted this client are listed as
 * such: Spring's redirect does not say which, so they come from the consent store when
 * there is one. Other scopes are checkboxes, ticked, each with its catalogue description.
 *
 * <p>
 * Spring adds the scopes granted before to any consent POST, Deny's included, so a Deny
 * while some requested scopes were granted earlier would still issue a code for those.
 * The Deny form therefore also sends {@code consent_action=deny}, which reaches Spring's
 * consent customizer as an additional parameter: the endpoint's wiring can clear the
 * authorities there to make Deny a denial.
 */
@Controller
public class ConsentController {

	static final String OPENID_DESCRIPTION = "Confirm your identity";

	private final RegisteredClientRepository clients;

	private final ScopeRepository scopes;

	private final ObjectProvider<OAuth2AuthorizationConsentService> consents;

	public ConsentController(RegisteredClientRepository clients, ScopeRepository scopes,
			ObjectProvider<OAuth2AuthorizationConsentService> consents) {
		this.clients = clients;
		this.scopes = scopes;
		this.consents = consents;
	}

	/** One requested scope as the page shows it. */
	public record ScopeChoice(String name, String description) {
	}

	@GetMapping("/oauth2/consent")
	public ModelAndView consent(@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(name = "scope", required = false) String scope,
			@RequestParam(name = "state", required = false) String state, Authentication principal) {
		RegisteredClient client = StringUtils.hasText(clientId) ? this.clients.findByClientId(clientId) : null;
		if (client == null || !StringUtils.hasText(state)) {
			return new ModelAndView(AuthorizationErrorPage.TEMPLATE,
					AuthorizationErrorPage.model(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
							(client == null) ? "Unknown client." : "No state.", null)),
					HttpStatus.BAD_REQUEST);
		}
		ModelAndView model = new ModelAndView("consent");
		Set<String> requested = new LinkedHashSet<>(
				Arrays.asList(StringUtils.tokenizeToStringArray((scope != null) ? scope : "", " ")));
		Set<String> granted = alreadyGranted(client, principal.getName());
		Map<String, String> descriptions = this.scopes.findAllById(requested)
			.stream()
			.collect(Collectors.toMap(Scope::getName, Scope::getDescription));
		Function<String, ScopeChoice> choice = (name) -> new ScopeChoice(name,
				OidcScopes.OPENID.equals(name) ? OPENID_DESCRIPTION : describe(name, descriptions));
		List<ScopeChoice> toApprove = new ArrayList<>();
		List<ScopeChoice> previouslyGranted = new ArrayList<>();
		for (String name : requested) {
			if (OidcScopes.OPENID.equals(name)) {
				continue;
			}
			(granted.contains(name) ? previouslyGranted : toApprove).add(choice.apply(name));
		}
		model.addObject("clientId", client.getClientId());
		model.addObject("clientName",
				StringUtils.hasText(client.getClientName()) ? client.getClientName() : client.getClientId());
		model.addObject("username", principal.getName());
		model.addObject("state", state);
		model.addObject("openid", requested.contains(OidcScopes.OPENID) ? choice.apply(OidcScopes.OPENID) : null);
		model.addObject("toApprove", toApprove);
		model.addObject("previouslyGranted", previouslyGranted);
		return model;
	}

	private Set<String> alreadyGranted(RegisteredClient client, String principalName) {
		OAuth2AuthorizationConsentService service = this.consents.getIfAvailable();
		OAuth2AuthorizationConsent consent = (service != null) ? service.findById(client.getId(), principalName) : null;
		return (consent != null) ? consent.getScopes() : Set.of();
	}

	private static String describe(String name, Map<String, String> descriptions) {
		String description = descriptions.get(name);
		return StringUtils.hasText(description) ? description : name;
	}

}
