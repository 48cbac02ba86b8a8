package dev.tessera.auth.client.assertion;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The two parts of {@code private_key_jwt} client authentication, for the protocol
 * filter chain to plug in: the converter goes first among the client-authentication
 * converters, the provider first among its providers (replacing Spring's
 * {@code JwtClientAssertionAuthenticationProvider}).
 *
 * <p>A holder rather than an {@link AuthenticationProvider} bean on purpose: Spring
 * Security makes a lone {@code AuthenticationProvider} bean the global one, which would
 * take form login away from the user store.
 */
public record ClientAssertionAuthentication(AuthenticationProvider provider, AuthenticationConverter converter) {
}
