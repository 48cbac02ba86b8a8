package dev.tessera.auth.protocol;

import java.time.Clock;
import java.util.List;

import jakarta.servlet.Filter;

import com.nimbusds.jose.JWSAlgorithm;

import dev.tessera.auth.audit.AuditCounters;
import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientSecretHasher;
import dev.tessera.auth.client.HashedClientSecretAuthenticationProvider;
import dev.tessera.auth.client.assertion.AssertionReplayGuard;
import dev.tessera.auth.client.throttle.ClientAuthenticationThrottle;
import dev.tessera.auth.client.assertion.ClientAssertionAuthentication;
import dev.tessera.auth.client.certificate.ClientCertificateAuthentication;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.grant.clientcredentials.DefaultScopesConverter;
import dev.tessera.auth.grant.clientcredentials.TokenRequestAudienceValidator;
import dev.tessera.auth.grant.authorizationcode.AuthorizationCodeGrant;
import dev.tessera.auth.grant.authorizationcode.ConsentDenial;
import dev.tessera.auth.grant.jwtbearer.JwtBearerGrant;
import dev.tessera.auth.grant.refresh.RefreshTokenGrant;
import dev.tessera.auth.jose.VerificationKeyPolicy;
import dev.tessera.auth.key.KeyRotation;
import dev.tessera.auth.key.SigningKeys;
import dev.tessera.auth.web.BrowserRequests;
import dev.tessera.auth.web.ErrorResponses;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2RefreshTokenAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.X509ClientCertificateAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.web.authentication.JwtClientAssertionAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.PublicClientAuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2ClientCredentialsAuthenticationConverter;
import org.springframework.security.oauth2.server.authorization.web.authentication.X509ClientCertificateAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * The filter chains: management endpoints (their own port), the authorization server's
 * protocol endpoints, the admin API (its own chain, order 2, in {@code admin.api}), and
 * everything else (sign-in for people). The protocol chain swaps in Tessera's parts:
 * hashed multi-secret client authentication, {@code private_key_jwt} verified by Spring's
 * provider with Tessera's decoder factory (keys, algorithms and claim rules) and
 * converter, RFC 8705 {@code tls_client_auth} and {@code self_signed_tls_client_auth}
 * verified by Spring's provider with Tessera's certificate verifier and converter
 * ({@code client.certificate}), default scopes, the admin-audience check of token
 * requests, the JWT-bearer grant ({@code grant.jwtbearer}), the authorization code grant
 * (a person's admin scopes narrowed to their roles) with its consent page and OpenID
 * Connect userinfo and sign-out ({@code grant.authorizationcode}), the refresh grant's
 * reuse detection and public clients ({@code grant.refresh}), and the introspection
 * access policy.
 */
@Configuration(proxyBeanMethods = false)
public class ProtocolSecurityConfiguration {

	/** Where Spring sends a person to approve a third-party client's scopes. */
	static final String CONSENT_PAGE = "/oauth2/consent";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http,
			RegisteredClientRepository registeredClients, OAuth2AuthorizationService authorizations,
			ClientDirectory clientDirectory, ClientSecretHasher hasher, Clock clock,
			ClientAssertionAuthentication clientAssertions, ProtocolAuditing auditing, ProtocolEndpoints endpoints,
			AssertionReplayGuard replayGuard, TokenRequestAudienceValidator tokenRequestValidator,
			JwtBearerGrant jwtBearer, AuthorizationCodeGrant authorizationCode, RefreshTokenGrant refresh,
			ClientCertificateAuthentication clientCertificates, AuthorizationServerSettings settings,
			TesseraProperties properties, ClientAuthenticationThrottle throttle) throws Exception {
		DiscoveryMetadata discovery = new DiscoveryMetadata(
				VerificationKeyPolicy.ALLOWED_ALGORITHMS.stream().map(JWSAlgorithm::getName).sorted().toList(),
				properties.keys().algorithm(),
				DiscoveryMetadata.MutualTls.at(properties.tls().baseUrl(properties.issuer()), settings));
		HashedClientSecretAuthenticationProvider secretAuthentication = new HashedClientSecretAuthenticationProvider(
				clientDirectory, hasher, clock);
		IntrospectionAccessPolicy introspectionPolicy = new IntrospectionAccessPolicy(
				new OAuth2TokenIntrospectionAuthenticationProvider(registeredClients, authorizations), authorizations);
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.clientAuthentication(
					clientAuthentication -> clientAuthentication.authenticationConverters(converters -> {
						converters
							.replaceAll(converter -> (converter instanceof JwtClientAssertionAuthenticationConverter)
									? clientAssertions.converter() : converter);
						// ahead of Spring's public-client converter, which would
						// otherwise take
						// a certificate client's code exchange (it carries a
						// code_verifier)
						// for a public client's
						converters.removeIf(X509ClientCertificateAuthenticationConverter.class::isInstance);
						converters.add(indexOfPublicClients(converters), clientCertificates.converter());
						converters.add(refresh.publicClientConverter());
					}).authenticationProviders(providers -> {
						providers.removeIf(ClientSecretAuthenticationProvider.class::isInstance);
						if (providers.stream()
							.noneMatch(X509ClientCertificateAuthenticationProvider.class::isInstance)) {
							providers.add(
									new X509ClientCertificateAuthenticationProvider(registeredClients, authorizations));
						}
						providers.forEach(provider -> {
							if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
								assertions.setJwtDecoderFactory(clientAssertions.decoderFactory());
							}
							if (provider instanceof X509ClientCertificateAuthenticationProvider certificates) {
								certificates.setCertificateVerifier(clientCertificates.verifier());
							}
						});
						providers.add(0, secretAuthentication);
						providers.add(1, refresh.publicClientProvider());
					})
						.authenticationSuccessHandler(new ClientAuthenticationSuccessHandler(endpoints, replayGuard))
						.errorResponseHandler(new ClientAuthenticationFailureHandler(auditing)))
				.tokenEndpoint(token -> token
					.accessTokenRequestConverters(converters -> converters
						.replaceAll(converter -> (converter instanceof OAuth2ClientCredentialsAuthenticationConverter)
								? new DefaultScopesConverter() : converter))
					.accessTokenRequestConverter(jwtBearer.converter())
					.authenticationProviders(providers -> {
						providers.forEach(provider -> {
							if (provider instanceof OAuth2ClientCredentialsAuthenticationProvider clientCredentials) {
								clientCredentials.setAuthenticationValidator(tokenRequestValidator);
							}
						});
						providers.replaceAll(provider -> (provider instanceof OAuth2RefreshTokenAuthenticationProvider)
								? refresh.withReuseDetection(provider) : provider);
						providers
							.replaceAll(provider -> (provider instanceof OAuth2AuthorizationCodeAuthenticationProvider)
									? authorizationCode.withExchangeChecks(provider) : provider);
					})
					.authenticationProvider(jwtBearer.provider())
					.accessTokenResponseHandler(new TokenResponseHandler(auditing))
					.errorResponseHandler(new ProtocolRefusalHandler(auditing, ProtocolEndpoints.ISSUE)))
				.authorizationEndpoint(authorization -> authorization.consentPage(CONSENT_PAGE)
					.authorizationRequestConverters(converters -> converters.replaceAll(
							converter -> (converter instanceof OAuth2AuthorizationCodeRequestAuthenticationConverter)
									? authorizationCode.withScopeNarrowing(converter) : converter))
					.authenticationProviders(providers -> providers.forEach(provider -> {
						if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
							codeRequests.setAuthenticationValidator(authorizationCode.requestValidator());
						}
						if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consents) {
							consents.setAuthorizationConsentCustomizer(new ConsentDenial());
						}
					}))
					.authorizationResponseHandler(authorizationCode.responses().success())
					.errorResponseHandler(authorizationCode.responses().failure()))
				.tokenIntrospectionEndpoint(introspection -> introspection.authenticationProviders(providers -> {
					providers.clear();
					providers.add(introspectionPolicy);
				})
					.introspectionResponseHandler(new IntrospectionResponseHandler(auditing))
					.errorResponseHandler(new ProtocolRefusalHandler(auditing, ProtocolEndpoints.INTROSPECT)))
				.tokenRevocationEndpoint(
						revocation -> revocation.revocationResponseHandler(new RevocationResponseHandler(auditing))
							.errorResponseHandler(new ProtocolRefusalHandler(auditing, ProtocolEndpoints.REVOKE)))
				.authorizationServerMetadataEndpoint(
						metadata -> metadata.authorizationServerMetadataCustomizer(discovery.authorizationServer()))
				.oidc(oidc -> oidc
					.providerConfigurationEndpoint(
							provider -> provider.providerConfigurationCustomizer(discovery.openIdProvider()))
					.userInfoEndpoint(userInfo -> userInfo.authenticationProviders(providers -> {
						providers.clear();
						providers.add(authorizationCode.userInfo());
					})
						.errorResponseHandler((request, response, exception) -> OAuth2ErrorResponses
							.bearerRefused(response, OAuth2ErrorResponses.errorOf(exception))))
					.logoutEndpoint(logout -> logout.logoutResponseHandler(new SignOutAuditing(auditing))));
		})
			// Bearer tokens are read on the userinfo endpoint only: anywhere else on the
			// protocol endpoints a bearer token is a failed client authentication like
			// any other, answered with the same invalid_client JSON
			.oauth2ResourceServer(resourceServer -> resourceServer
				.bearerTokenResolver(new UserInfoBearerTokenResolver(endpoints.userInfoPath())))
			// Spring exempts its endpoints from CSRF; the consent form is a person's form
			// like the sign-in form, checked against the same session token
			.addFilterAfter(consentCsrf(endpoints), CsrfFilter.class)
			// failed client authentications are throttled before Spring's client
			// authentication filter (which runs right after this one) looks at them
			.addFilterBefore(throttle(properties, throttle, endpoints, auditing),
					AbstractPreAuthenticatedProcessingFilter.class)
			.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
			.exceptionHandling(exceptions -> exceptions
				.defaultAuthenticationEntryPointFor(new BearerTokenAuthenticationEntryPoint(),
						PathPatternRequestMatcher.pathPattern(endpoints.userInfoPath()))
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						endpoints.authorizationEndpointMatcher())
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						BrowserRequests.matcher())
				.defaultAuthenticationEntryPointFor(new OAuth2ErrorEntryPoint(auditing), AnyRequestMatcher.INSTANCE));
		return http.build();
	}

	private static int indexOfPublicClients(List<AuthenticationConverter> converters) {
		for (int i = 0; i < converters.size(); i++) {
			if (converters.get(i) instanceof PublicClientAuthenticationConverter) {
				return i;
			}
		}
		return converters.size();
	}

	private static Filter throttle(TesseraProperties properties, ClientAuthenticationThrottle throttle,
			ProtocolEndpoints endpoints, ProtocolAuditing auditing) {
		if (!properties.abuse().enabled()) {
			return (request, response, chain) -> chain.doFilter(request, response);
		}
		return new ClientAuthenticationThrottleFilter(throttle, endpoints, auditing);
	}

	private static CsrfFilter consentCsrf(ProtocolEndpoints endpoints) {
		CsrfFilter filter = new CsrfFilter(new HttpSessionCsrfTokenRepository());
		filter.setRequireCsrfProtectionMatcher(endpoints.consentSubmissionMatcher());
		return filter;
	}

	/**
	 * The JWKS endpoint, answered ahead of Spring's with cache validators
	 * ({@link JwksEndpointFilter}).
	 */
	@Bean
	FilterRegistrationBean<JwksEndpointFilter> jwksEndpointFilter(SigningKeys keys, KeyRotation started,
			TesseraProperties properties, ProtocolEndpoints endpoints) {
		FilterRegistrationBean<JwksEndpointFilter> registration = new FilterRegistrationBean<>(
				new JwksEndpointFilter(endpoints.jwkSetPath(), keys, properties.keys().jwksMaxAge()));
		registration.addUrlPatterns(endpoints.jwkSetPath());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
		return registration;
	}

	/**
	 * Parameters are decoded strictly before anything reads them (right after the
	 * correlation id is set, so refusals carry it); on the protocol endpoints a POST must
	 * be a form.
	 */
	@Bean
	FilterRegistrationBean<StrictFormFilter> strictFormFilter(ProtocolEndpoints endpoints, ErrorResponses errors,
			TesseraProperties properties) {
		FilterRegistrationBean<StrictFormFilter> registration = new FilterRegistrationBean<>(
				new StrictFormFilter(endpoints, errors, properties.limits()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(TesseraProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
	}

	@Bean
	ProtocolEndpoints protocolEndpoints(AuthorizationServerSettings settings) {
		return new ProtocolEndpoints(settings);
	}

	/** What the protocol endpoints record in the audit trail. */
	@Bean
	ProtocolAuditing protocolAuditing(AuditTrail trail, AuditCounters counters, ProtocolEndpoints endpoints,
			AssertionReplayGuard replayGuard) {
		return new ProtocolAuditing(trail, counters, endpoints, replayGuard);
	}

}
