package dev.tessera.auth.grant.jwtbearer;

import java.time.Clock;

import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.egress.JwksFetcher;
import dev.tessera.auth.token.AudienceResolver;
import dev.tessera.auth.trust.TrustedIssuers;
import dev.tessera.auth.trust.UsedPartnerAssertions;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * The JWT-bearer grant's parts, which the protocol configuration plugs into Spring's
 * token endpoint: {@link #converter()} and {@link JwtBearerGrantAuthenticationProvider}
 * with its validator. Partner keys at a {@code jwksUri} come through the same
 * egress-limited fetcher as clients' keys.
 */
@Configuration(proxyBeanMethods = false)
public class JwtBearerGrantConfiguration {

	@Bean
	PartnerAssertionClaims partnerAssertionClaims(Clock clock, TesseraProperties properties) {
		return new PartnerAssertionClaims(clock, properties.jwtBearer().clockSkew());
	}

	@Bean
	PartnerAssertionVerifier partnerAssertionVerifier(TrustedIssuers issuers, JwksFetcher fetcher,
			PartnerAssertionClaims claims) {
		return new PartnerAssertionVerifier(issuers::findByIssuer, fetcher::jwkSource, claims);
	}

	@Bean
	JwtBearerGrantAuthenticationProvider jwtBearerGrantAuthenticationProvider(PartnerAssertionVerifier verifier,
			PartnerAssertionClaims claims, UsedPartnerAssertions usedAssertions, OAuth2TokenGenerator<?> tokenGenerator,
			AudienceResolver audiences) {
		JwtBearerGrantAuthenticationProvider provider = new JwtBearerGrantAuthenticationProvider(verifier, claims,
				usedAssertions, tokenGenerator);
		provider.setAuthenticationValidator(new JwtBearerGrantAuthenticationValidator(audiences));
		return provider;
	}

	/** The request converter (stateless). */
	public static JwtBearerGrantAuthenticationConverter converter() {
		return new JwtBearerGrantAuthenticationConverter();
	}

}
