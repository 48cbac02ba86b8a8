package dev.tessera.auth.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Request handling shared by every endpoint: a database outage is a 503 wherever it
 * surfaces. (The correlation id comes first, at the highest precedence; the protocol
 * endpoints' strict form decoding runs next, at +1.)
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

	@Bean
	FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter() {
		FilterRegistrationBean<DatabaseOutageFilter> registration = new FilterRegistrationBean<>(
				new DatabaseOutageFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

}
