package dev.tessera.auth.web;

import jakarta.servlet.DispatcherType;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Request handling shared by every endpoint: errors written outside Spring MVC in one way
 * ({@link ErrorResponses}), and a database outage is a 503 wherever it surfaces. (The
 * correlation id comes first, at the highest precedence; then the security headers, at
 * +1; the token metrics, at +2; the protocol endpoints' strict form decoding, at +3.)
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

	@Bean
	ErrorResponses errorResponses(ObjectProvider<OAuthErrorPaths> oauthPaths, JsonMapper jsonMapper) {
		return new ErrorResponses(oauthPaths.getIfAvailable(() -> OAuthErrorPaths.NONE), jsonMapper);
	}

	/**
	 * Security headers on every response, set right after the correlation id (order +1),
	 * so that no refusal after it goes without them.
	 */
	@Bean
	FilterRegistrationBean<SecurityHeadersFilter> securityHeadersFilter(TesseraProperties properties) {
		FilterRegistrationBean<SecurityHeadersFilter> registration = new FilterRegistrationBean<>(
				new SecurityHeadersFilter(SecurityHeaders.forIssuer(properties.issuer())));
		registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/**
	 * Request bodies within {@code tessera.limits.max-body-bytes}, after the strict form
	 * decoding (which limits forms itself) and the outage check.
	 */
	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(ErrorResponses errors,
			TesseraProperties properties) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter(errors, properties.limits().maxBodyBytes()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 6);
		return registration;
	}

	@Bean
	FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(ErrorResponses errors) {
		FilterRegistrationBean<DatabaseOutageFilter> registration = new FilterRegistrationBean<>(
				new DatabaseOutageFilter(errors));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
		return registration;
	}

}
