package dev.tessera.samples.jwtbearer;

import java.time.Clock;
import java.time.Duration;

import dev.tessera.samples.oauth2.HttpsOrLoopback;
import dev.tessera.samples.oauth2.SingleFlightAuthorizedClientManager;
import dev.tessera.samples.oauth2.TokenEndpointRestClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.JwtBearerOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizationContext;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.endpoint.RestClientJwtBearerTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.security.oauth2.client.web.client.RequestAttributePrincipalResolver;
import org.springframework.util.Assert;
import org.springframework.web.client.RestClient;

/**
 * Wires the JWT-bearer grant into Spring Security's OAuth2 client, so no protocol code is
 * written by hand:
 * <ul>
 * <li>the client registration {@code tessera} (client id and secret, token endpoint,
 * grant type, scope) is Spring Boot's, from {@code spring.security.oauth2.client.*} in
 * {@code jwt-bearer.yml};</li>
 * <li>{@link JwtBearerOAuth2AuthorizedClientProvider} gets a token with a fresh assertion
 * from {@link PartnerAssertions} for the subject of the request's principal, and only
 * when there is no token for that subject yet or it expires within
 * {@link #RENEW_BEFORE_EXPIRY};</li>
 * <li>{@link AuthorizedClientServiceOAuth2AuthorizedClientManager} keeps the tokens in
 * Boot's {@link OAuth2AuthorizedClientService} keyed by registration and principal name:
 * one token per subject, reused until it is due for renewal;</li>
 * <li>the API's {@link RestClient} has an {@link OAuth2ClientHttpRequestInterceptor} that
 * takes the principal (the subject) from each request's attributes
 * ({@link RequestAttributePrincipalResolver}), puts that subject's token in the
 * {@code Authorization} header, and drops it when the API answers 401 so the next call
 * gets a new one.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ PartnerProperties.class, CallProperties.class })
class JwtBearerClientConfiguration {

	private static final Log logger = LogFactory.getLog(JwtBearerClientConfiguration.class);

	/** The client registration in {@code jwt-bearer.yml}. */
	static final String REGISTRATION_ID = "tessera";

	/**
	 * A cached token counts as expired this long before its {@code expires_in} says, so a
	 * call never goes out with a token that expires on the way (and clocks may differ).
	 */
	static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(60);

	@Bean
	PartnerAssertions partnerAssertions(PartnerProperties partner) {
		return PartnerAssertions.fromPemFile(partner);
	}

	/**
	 * @param clock a {@link Clock} bean, when there is one, decides when a cached token
	 * is due for renewal (tests move it forward instead of waiting); assertions always
	 * carry the real time
	 */
	@Bean
	OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService authorizedClients, PartnerAssertions assertions,
			ObjectProvider<Clock> clock) {
		checkRegistration(registrations.findByRegistrationId(REGISTRATION_ID));
		RestClientJwtBearerTokenResponseClient tokenClient = new RestClientJwtBearerTokenResponseClient();
		tokenClient.setRestClient(TokenEndpointRestClient.create());
		JwtBearerOAuth2AuthorizedClientProvider jwtBearer = new JwtBearerOAuth2AuthorizedClientProvider();
		jwtBearer.setAccessTokenResponseClient(tokenClient);
		jwtBearer.setJwtAssertionResolver((context) -> {
			String subject = subjectOf(context);
			logger.info("No valid token for subject " + subject + ": asking Tessera for one with a new assertion");
			return assertions.mint(subject);
		});
		jwtBearer.setClockSkew(RENEW_BEFORE_EXPIRY);
		jwtBearer.setClock(clock.getIfAvailable(Clock::systemUTC));
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		manager.setAuthorizedClientProvider(jwtBearer);
		return new SingleFlightAuthorizedClientManager(manager);
	}

	@Bean
	PartnerApiClient partnerApiClient(CallProperties calls, OAuth2AuthorizedClientManager authorizedClientManager,
			OAuth2AuthorizedClientService authorizedClients) {
		OAuth2ClientHttpRequestInterceptor oauth2 = new OAuth2ClientHttpRequestInterceptor(authorizedClientManager);
		oauth2.setPrincipalResolver(new RequestAttributePrincipalResolver());
		oauth2.setAuthorizationFailureHandler(
				OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(authorizedClients));
		RestClient api = RestClient.builder()
			.baseUrl(calls.apiUrl())
			.requestFactory(TokenEndpointRestClient.requestFactory())
			.requestInterceptor(oauth2)
			.build();
		return new PartnerApiClient(api, REGISTRATION_ID);
	}

	@Bean
	PartnerCallRunner partnerCallRunner(CallProperties calls, PartnerApiClient api) {
		return new PartnerCallRunner(calls, api);
	}

	/**
	 * Stops the start before any token request when the secret is missing (an empty
	 * client id Spring Boot refuses itself, naming the registration) or when the secret
	 * would go to Tessera over plain http to another machine.
	 */
	private static void checkRegistration(ClientRegistration tessera) {
		Assert.notNull(tessera, "No client registration '" + REGISTRATION_ID + "' in jwt-bearer.yml");
		Assert.hasText(tessera.getClientSecret(), "TESSERA_CLIENT_SECRET must be set: in the environment, "
				+ "or as a file of that name in SAMPLE_SECRETS_DIR (default /run/secrets/)");
		HttpsOrLoopback.check("The token endpoint (TESSERA_ISSUER + /oauth2/token)",
				tessera.getProviderDetails().getTokenUri());
	}

	/**
	 * The subject the token is for: the name of the principal the call was made for. A
	 * call without one would otherwise be made as Spring's "anonymousUser".
	 */
	private static String subjectOf(OAuth2AuthorizationContext context) {
		Authentication principal = context.getPrincipal();
		if (principal instanceof AnonymousAuthenticationToken) {
			throw new IllegalStateException("A JWT-bearer token is always for a subject: call the API with "
					+ "RequestAttributePrincipalResolver.principal(subject)");
		}
		return principal.getName();
	}

}
