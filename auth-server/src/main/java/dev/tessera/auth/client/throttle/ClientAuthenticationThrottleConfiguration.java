package dev.tessera.auth.client.throttle;

import java.time.Clock;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's client authentication throttle, with the limits of {@code tessera.abuse}.
 */
@Configuration(proxyBeanMethods = false)
public class ClientAuthenticationThrottleConfiguration {

	@Bean
	ClientAuthenticationThrottle clientAuthenticationThrottle(TesseraProperties properties, Clock clock) {
		TesseraProperties.Abuse abuse = properties.abuse();
		return new ClientAuthenticationThrottle(new ClientAuthenticationThrottle.Limits(abuse.clientAddressBurst(),
				abuse.clientAddressRefill(), abuse.addressBurst(), abuse.addressRefill(), abuse.clientBurst(),
				abuse.clientRefill(), abuse.knownAddressFor(), abuse.maxEntries()), clock);
	}

}
