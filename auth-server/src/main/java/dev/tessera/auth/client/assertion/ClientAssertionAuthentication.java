package dev.tessera.auth.client.assertion;

import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The two parts of {@code private_key_jwt} client authentication, for the protocol filter
 * chain to plug in: the decoder factory configures Spring's own
 * {@code JwtClientAssertionAuthenticationProvider} ({@code setJwtDecoderFactory}), the
 * converter takes the place of Spring's {@code JwtClientAssertionAuthenticationConverter}
 * (see {@link ClientAssertionAuthenticationConverter} for why).
 */
public record ClientAssertionAuthentication(JwtDecoderFactory<RegisteredClient> decoderFactory,
		AuthenticationConverter converter) {
}
