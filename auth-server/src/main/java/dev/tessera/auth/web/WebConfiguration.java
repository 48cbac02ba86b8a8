package dev.tessera.auth.web;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Request handling shared by every endpoint: errors written outside Spring MVC in one way
 * ({@link ErrorResponses}), and a database outage is a 503 wherever it surfaces. (The
 * correlation id comes first, at the highest precedence; the protocol endpoints' strict
 * form decoding runs next, at +1.)
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

	@Bean
	ErrorResponses errorResponses(ObjectProvider<OAuthErrorPaths> oauthPaths, JsonMapper jsonMapper) {
		return new ErrorResponses(oauthPaths.getIfAvailable(() -> OAuthErrorPaths.NONE), jsonMapper);
	}

	@Bean
	FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter(ErrorResponses errors) {
		FilterRegistrationBean<DatabaseOutageFilter> registration = new FilterRegistrationBean<>(
				new DatabaseOutageFilter(errors));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

}
