package dev.tessera.auth.user.signin;

import java.time.Clock;
import java.time.Duration;

import org.thymeleaf.ITemplateEngine;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The parts of the people-facing pages: their headers, the sign-in throttle, the
 * authorization error page, and the static assets. The style sheet is served from
 * {@code /assets/} with a year's {@code Cache-Control} (immutable): its file name carries
 * a version ({@code tessera-1.css}), to be raised whenever the file changes.
 */
@Configuration(proxyBeanMethods = false)
public class SignInPagesConfiguration implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/assets/**")
			.addResourceLocations("classpath:/static/assets/")
			.setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
	}

	@Bean
	PageSecurityHeaders pageSecurityHeaders() {
		return new PageSecurityHeaders();
	}

	@Bean
	HtmlPages htmlPages(ITemplateEngine templates, PageSecurityHeaders headers) {
		return new HtmlPages(templates, headers);
	}

	@Bean
	AuthorizationErrorPage authorizationErrorPage(HtmlPages pages) {
		return new AuthorizationErrorPage(pages);
	}

	/** Per node, in memory: see {@link SignInThrottle}. */
	@Bean
	SignInThrottle signInThrottle(Clock clock) {
		return new SignInThrottle(SignInThrottle.Limits.DEFAULT, clock);
	}

}
