package dev.tessera.auth.grant.authorizationcode;

/**
 * The parts of the authorization code grant and of OpenID Connect sign-in that the
 * protocol filter chain plugs into Spring's authorization endpoint
 * ({@code authenticationValidator}, response and error handlers) and userinfo endpoint.
 */
public record AuthorizationCodeGrant(AuthorizationRequestValidator requestValidator, AuthorizationResponses responses,
		PersonUserInfo userInfo) {
}
