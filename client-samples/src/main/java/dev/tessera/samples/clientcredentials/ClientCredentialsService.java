package dev.tessera.samples.clientcredentials;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A service that calls the protected API ({@code GET /api/hello} of the resource server
 * sample) with an access token it gets from Tessera by the client credentials grant.
 * Everything OAuth is Spring Security's OAuth2 client: the registration comes from Spring
 * Boot's {@code spring.security.oauth2.client.*} properties, the token is kept by an
 * {@code OAuth2AuthorizedClientManager} and reused until shortly before it expires, and
 * the API's {@code RestClient} adds it through {@code OAuth2ClientHttpRequestInterceptor}
 * (see {@link AuthorizedClientConfiguration} and {@link HelloApiConfiguration}).
 * <p>
 * A plain (non-web) Spring Boot application configured by {@code client-credentials.yml},
 * so it does not read the resource server sample's {@code application.yml}. It makes
 * {@code SAMPLE_CALLS} calls, {@code SAMPLE_CALL_INTERVAL} apart, logs each answer and
 * stops ({@link HelloCaller}).
 */
@SpringBootApplication
@EnableConfigurationProperties(ClientCredentialsProperties.class)
public class ClientCredentialsService {

	/** This sample's configuration file: {@code client-credentials.yml}. */
	public static final String CONFIG_NAME = "client-credentials";

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(application().run(args)));
	}

	/**
	 * The application as {@link #main} runs it, for a test to start in-process with its
	 * own arguments.
	 */
	public static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(ClientCredentialsService.class)
			.properties("spring.config.name=" + CONFIG_NAME);
	}

}
