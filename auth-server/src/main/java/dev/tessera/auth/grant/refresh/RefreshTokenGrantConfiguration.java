package dev.tessera.auth.grant.refresh;

import dev.tessera.auth.audit.AuditTrail;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * The refresh grant's parts as one {@link RefreshTokenGrant}. Spring rotates the token
 * (clients are registered never to reuse one); the tokens themselves come from
 * {@code token.RefreshTokenGenerator}.
 */
@Configuration(proxyBeanMethods = false)
public class RefreshTokenGrantConfiguration {

	@Bean
	RefreshTokenGrant refreshTokenGrant(RegisteredClientRepository clients, OAuth2AuthorizationService authorizations,
			AuditTrail trail, AuthorizationServerSettings settings) {
		return new RefreshTokenGrant(
				new PublicClientRefreshAuthenticationConverter(settings.getTokenEndpoint(),
						settings.getTokenRevocationEndpoint()),
				new PublicClientRefreshAuthenticationProvider(clients), authorizations, trail);
	}

}
