package dev.tessera.auth.client.certificate;

import java.time.Clock;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.egress.JwksFetcher;
import dev.tessera.auth.tls.ClientCertificateTrust;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires RFC 8705 client authentication ({@code tls_client_auth},
 * {@code self_signed_tls_client_auth}) as one {@link ClientCertificateAuthentication}.
 */
@Configuration(proxyBeanMethods = false)
public class ClientCertificateConfiguration {

	@Bean
	ClientCertificateAuthentication clientCertificateAuthentication(ClientDirectory directory,
			ClientCertificateTrust trust, JwksFetcher fetcher, Clock clock) {
		return new ClientCertificateAuthentication(new CertificateAuthenticationConverter(directory),
				new ClientCertificateVerifier(trust, directory,
						ClientCertificateVerifier.keySets(fetcher::get, fetcher::refresh), clock));
	}

}
