package dev.tessera.samples.mtls;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * An mTLS client (RFC 8705): authenticates to Tessera with {@code tls_client_auth} on
 * Tessera's TLS port, gets an access token bound to its certificate
 * ({@code cnf.x5t#S256}) and calls the protected API over TLS with the same certificate,
 * so the token is worth nothing to anyone without the certificate's private key.
 * <p>
 * A non-web Spring Boot application configured by {@code mtls-client.yml}: the
 * certificate, its key and the trusted CAs are PEM files whose paths come from the
 * environment, loaded as a Spring Boot SSL bundle. See {@link MtlsClientConfiguration}
 * for the OAuth2 client wiring and client-samples/README.md for the variables.
 */
@SpringBootApplication
public class MtlsClientSample {

	public static void main(String[] args) {
		application().run(args);
	}

	/** The application as {@link #main} runs it: its own config file, no web server. */
	static SpringApplicationBuilder application() {
		return new SpringApplicationBuilder(MtlsClientSample.class).web(WebApplicationType.NONE)
			.properties("spring.config.name=mtls-client");
	}

}
