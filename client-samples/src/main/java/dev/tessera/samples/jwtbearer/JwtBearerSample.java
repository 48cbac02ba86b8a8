package dev.tessera.samples.jwtbearer;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A partner's service calling an API protected by Tessera on behalf of its own users,
 * with the JWT-bearer grant (RFC 7523 §2.1): for each subject it acts for, it signs a
 * short-lived assertion with the partner's own key ({@link PartnerAssertions}) and
 * exchanges it at Tessera for an access token, through Spring Security's OAuth2 client
 * ({@link JwtBearerClientConfiguration}), which caches the token per subject and asks for
 * a new one shortly before it expires.
 * <p>
 * No web server: it calls the API for the configured subject, logs the answers and exits.
 * Its settings are in {@code jwt-bearer.yml} (not {@code application.yml}, which is the
 * resource server sample's); the client secret and the private key come from the
 * environment or mounted files, never from that file.
 */
@SpringBootApplication
public class JwtBearerSample {

	/** The name of this sample's configuration file, {@code jwt-bearer.yml}. */
	public static final String CONFIG_NAME = "jwt-bearer";

	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * The sample as a {@link SpringApplication}: no web server, configured by
	 * {@code jwt-bearer.yml}. Tests start it this way too.
	 */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(JwtBearerSample.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setDefaultProperties(Map.of("spring.config.name", CONFIG_NAME));
		return application;
	}

}
