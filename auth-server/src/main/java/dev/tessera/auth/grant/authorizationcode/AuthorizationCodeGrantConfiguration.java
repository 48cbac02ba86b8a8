package dev.tessera.auth.grant.authorizationcode;

import java.util.Set;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.token.AudienceResolver;
import dev.tessera.auth.user.AppUser;
import dev.tessera.auth.user.AppUserRepository;
import dev.tessera.auth.user.signin.AuthorizationErrorPage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

/**
 * The authorization code grant's parts, handed to the protocol configuration as one
 * {@link AuthorizationCodeGrant}. Spring requires an S256 challenge of every client and
 * checks redirect URIs and codes; Tessera adds the audience and role rules, the verifier
 * check on every exchange ({@link CodeExchangeChecks}), the RFC 9207 {@code iss}, audit
 * events and its own error page.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationCodeGrantConfiguration {

	@Bean
	AuthorizationCodeGrant authorizationCodeGrant(AudienceResolver audiences, AuditTrail trail,
			TesseraProperties properties, AuthorizationErrorPage errorPage, OAuth2AuthorizationService authorizations,
			AppUserRepository users) {
		return new AuthorizationCodeGrant(
				new AuthorizationRequestValidator(audiences,
						username -> users.findById(username)
							.filter(AppUser::isEnabled)
							.map(user -> Set.copyOf(user.getRoles()))),
				new AuthorizationResponses(properties.issuer(), trail, errorPage), new PersonUserInfo(), authorizations,
				trail);
	}

}
