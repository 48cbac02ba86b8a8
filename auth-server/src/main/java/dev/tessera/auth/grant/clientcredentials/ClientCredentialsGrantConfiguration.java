package dev.tessera.auth.grant.clientcredentials;

import dev.tessera.auth.token.AudienceResolver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The client-credentials grant's own parts, plugged into Spring's provider and converter
 * by the protocol configuration: default scopes and the audience rule.
 */
@Configuration(proxyBeanMethods = false)
public class ClientCredentialsGrantConfiguration {

	/** Spring's scope check plus the admin-audience rule, before any token is made. */
	@Bean
	TokenRequestAudienceValidator tokenRequestAudienceValidator(AudienceResolver audiences) {
		return new TokenRequestAudienceValidator(audiences);
	}

}
