package dev.tessera.auth.grant.authorizationcode;

import java.util.function.Consumer;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationToken;

/**
 * Makes the consent page's Deny a denial. Spring adds the scopes a person approved
 * earlier to whatever the consent form sends, so a form sending no scopes would still be
 * granted those and a code issued; the Deny button also sends
 * {@code consent_action=deny}, and then nothing is granted: Spring withdraws the earlier
 * consent and answers {@code access_denied}.
 */
public class ConsentDenial implements Consumer<OAuth2AuthorizationConsentAuthenticationContext> {

	static final String ACTION = "consent_action";

	@Override
	public void accept(OAuth2AuthorizationConsentAuthenticationContext context) {
		OAuth2AuthorizationConsentAuthenticationToken consent = context.getAuthentication();
		if ("deny".equals(consent.getAdditionalParameters().get(ACTION))) {
			context.getAuthorizationConsent().authorities(authorities -> authorities.clear());
		}
	}

}
