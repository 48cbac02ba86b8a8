package dev.tessera.auth.grant.jwtbearer;

import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * The two parts of the JWT-bearer grant that the protocol filter chain plugs into
 * Spring's token endpoint ({@code accessTokenRequestConverter},
 * {@code authenticationProvider}). Handed over as one bean rather than as an
 * {@code AuthenticationProvider} bean, which Spring would also take as the application's
 * global authentication (and so stop signing people in with their passwords).
 */
public record JwtBearerGrant(AuthenticationConverter converter, JwtBearerGrantAuthenticationProvider provider) {
}
