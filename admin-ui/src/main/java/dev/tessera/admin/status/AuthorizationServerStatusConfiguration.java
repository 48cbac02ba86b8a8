package dev.tessera.admin.status;

import dev.tessera.admin.config.TesseraProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the status reader to the configured issuer and timeouts, keeping
 * {@link AuthorizationServerStatus} itself free of Spring configuration so unit tests can
 * build it around any {@code RestClient}.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServerStatusConfiguration {

	@Bean
	AuthorizationServerStatus authorizationServerStatus(TesseraProperties properties) {
		return AuthorizationServerStatus.withTimeouts(properties.issuer(), properties.http().connectTimeout(),
				properties.http().readTimeout());
	}

}
