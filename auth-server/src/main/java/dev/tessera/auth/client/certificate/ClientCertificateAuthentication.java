package dev.tessera.auth.client.certificate;

import java.util.function.Consumer;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationContext;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The two parts of RFC 8705 client authentication, for the protocol filter chain to plug
 * in: the converter takes the place of Spring's
 * {@code X509ClientCertificateAuthenticationConverter} (see
 * {@link CertificateAuthenticationConverter} for why), the verifier goes into Spring's
 * own {@code X509ClientCertificateAuthenticationProvider}
 * ({@code setCertificateVerifier}).
 */
public record ClientCertificateAuthentication(AuthenticationConverter converter,
		Consumer<OAuth2ClientAuthenticationContext> verifier) {
}
