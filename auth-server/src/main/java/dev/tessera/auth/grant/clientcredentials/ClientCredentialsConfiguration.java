package dev.tessera.auth.grant.clientcredentials;

import dev.tessera.auth.token.AudienceResolver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the client-credentials grant's request check. Defined here, not with the token
 * rules it uses, so the grant depends on {@code token} and not the other way round.
 */
@Configuration(proxyBeanMethods = false)
public class ClientCredentialsConfiguration {

	/** Spring's scope check plus the admin-audience rule, before any token is made. */
	@Bean
	TokenRequestAudienceValidator tokenRequestAudienceValidator(AudienceResolver audiences) {
		return new TokenRequestAudienceValidator(audiences);
	}

}
