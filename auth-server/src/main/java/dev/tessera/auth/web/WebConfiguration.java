package dev.tessera.auth.web;

import dev.tessera.auth.protocol.StrictFormFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Request handling shared by every endpoint: parameters are decoded strictly before
 * anything reads them (right after the correlation id is set, so refusals carry it),
 * and a database outage is a 503 wherever it surfaces.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

	@Bean
	FilterRegistrationBean<StrictFormFilter> strictFormFilter() {
		FilterRegistrationBean<StrictFormFilter> registration = new FilterRegistrationBean<>(new StrictFormFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Bean
	FilterRegistrationBean<DatabaseOutageFilter> databaseOutageFilter() {
		FilterRegistrationBean<DatabaseOutageFilter> registration = new FilterRegistrationBean<>(
				new DatabaseOutageFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		return registration;
	}

}
