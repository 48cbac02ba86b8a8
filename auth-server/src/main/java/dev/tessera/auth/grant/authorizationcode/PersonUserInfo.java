package dev.tessera.auth.grant.authorizationcode;

import java.util.Set;

import dev.tessera.auth.token.RefreshTokenFamily;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The OpenID Connect userinfo of the person an access token acts for: {@code sub}, and
 * with the {@code profile} scope their username. The bearer token was already found
 * active by the resource-server decoder (signature, expiry, client, deny list, family);
 * this answers from the token itself. Spring's provider instead looks for an ID token in
 * a stored authorization per access token, which Tessera does not keep: every access
 * token is self-contained.
 */
public class PersonUserInfo implements AuthenticationProvider {

	private static final String ERROR_URI = "https://openid.net/specs/openid-connect-core-1_0.html#UserInfoError";

	@Override
	public Authentication authenticate(Authentication authentication) {
		OidcUserInfoAuthenticationToken request = (OidcUserInfoAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof JwtAuthenticationToken bearer) || !bearer.isAuthenticated()) {
			throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_TOKEN);
		}
		Jwt token = bearer.getToken();
		if (token.getClaimAsString(RefreshTokenFamily.CLAIM) == null) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "The token does not act for a person", ERROR_URI));
		}
		String scope = token.getClaimAsString("scope");
		Set<String> scopes = (scope != null) ? Set.of(scope.split(" ")) : Set.of();
		if (!scopes.contains(OidcScopes.OPENID)) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INSUFFICIENT_SCOPE,
					"The token was not issued with the openid scope", ERROR_URI));
		}
		OidcUserInfo.Builder info = OidcUserInfo.builder().subject(token.getSubject());
		if (scopes.contains(OidcScopes.PROFILE)) {
			info.preferredUsername(token.getSubject()).name(token.getSubject());
		}
		return new OidcUserInfoAuthenticationToken(bearer, info.build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OidcUserInfoAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
