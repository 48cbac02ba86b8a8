package dev.tessera.admin;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;

/**
 * Tessera's admin console: a separate web app that will sign administrators in through
 * the authorization server and call its admin API. Until then it only shows which
 * authorization server it is attached to.
 * <p>
 * {@link UserDetailsServiceAutoConfiguration} is excluded on purpose: administrators will
 * never have local accounts here, and without the exclusion Spring Boot would create an
 * in-memory user and log its generated password at start.
 */
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
public class TesseraAdminUiApplication {

	public static void main(String[] args) {
		SpringApplication.run(TesseraAdminUiApplication.class, args);
	}

}
