package dev.tessera.samples.resourceserver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small API protected by Tessera access tokens, to show the checks a resource server
 * should make on an RFC 9068 JWT (see {@link TesseraJwtDecoders}) and how scopes map to
 * authorities. Listens on port 8081 unless {@code PORT} is set; plain HTTP, or with the
 * {@code tls} profile HTTPS asking for client certificates, so that certificate-bound
 * tokens (RFC 8705) are accepted only from the certificate they are bound to.
 */
@SpringBootApplication
public class ResourceServerSample {

	public static void main(String[] args) {
		SpringApplication.run(ResourceServerSample.class, args);
	}

}
