package dev.tessera.auth.grant.authorizationcode;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.token.AudienceResolver;
import dev.tessera.auth.user.AppUser;
import dev.tessera.auth.user.AppUserRepository;
import dev.tessera.auth.user.signin.AuthorizationErrorPage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * The authorization code grant's parts, handed to the protocol configuration as one
 * {@link AuthorizationCodeGrant}. Spring requires an S256 challenge of every client and
 * checks redirect URIs and codes; Tessera adds the audience rule, the person's admin
 * scopes narrowed to their roles ({@link PersonScopeNarrowing}), the verifier check on
 * every exchange ({@link CodeExchangeChecks}), the RFC 9207 {@code iss}, audit events and
 * its own error page.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationCodeGrantConfiguration {

	@Bean
	AuthorizationCodeGrant authorizationCodeGrant(AudienceResolver audiences, AuditTrail trail,
			TesseraProperties properties, AuthorizationErrorPage errorPage, OAuth2AuthorizationService authorizations,
			AppUserRepository users, RegisteredClientRepository clients) {
		Function<String, Optional<Set<String>>> activeRoles = username -> users.findById(username)
			.filter(AppUser::isEnabled)
			.map(user -> Set.copyOf(user.getRoles()));
		return new AuthorizationCodeGrant(new AuthorizationRequestValidator(audiences, activeRoles),
				new PersonScopeNarrowing(activeRoles, clients),
				new AuthorizationResponses(properties.issuer(), trail, errorPage), new PersonUserInfo(), authorizations,
				trail);
	}

}
