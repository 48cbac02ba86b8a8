package dev.tessera.auth.egress;

import java.time.Clock;

import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.jose.VerificationKeyPolicy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one fetcher of key sets registered by URL, shared by {@code private_key_jwt} and
 * the JWT-bearer grant: loopback and local networks allowed outside production mode only;
 * timeouts, caching and back-off from {@code tessera.egress.*}; a set holding a secret
 * refused ({@link VerificationKeyPolicy}).
 */
@Configuration(proxyBeanMethods = false)
public class EgressConfiguration {

	@Bean
	JwksFetcher jwksFetcher(TesseraProperties properties, Clock clock) {
		TesseraProperties.Egress egress = properties.egress();
		JwksDownloader downloader = new JwksDownloader(!properties.isProduction(), egress.connectTimeout(),
				egress.timeout(), VerificationKeyPolicy::secretIn);
		return new JwksFetcher(downloader,
				new JwksFetcher.Settings(egress.jwksCacheTtl(), egress.jwksMinRefreshInterval(),
						egress.jwksFailureBackoff(), egress.jwksMaxFailureBackoff(), egress.jwksStaleMaxAge(),
						egress.jwksMaxWaiting(), egress.jwksMaxInFlight()),
				clock);
	}

}
