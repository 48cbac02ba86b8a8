package dev.tessera.auth.grant.authorizationcode;

import java.util.function.Function;

import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

/**
 * The OpenID Connect userinfo of the person an access token acts for: {@code sub}, and
 * with the {@code profile} scope their username. Read from the token itself (Tessera
 * keeps no authorization per access token), not from Spring's default, which looks for an
 * ID token in a stored authorization.
 */
public class PersonUserInfo implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

	@Override
	public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		String subject = authorization.getPrincipalName();
		OidcUserInfo.Builder info = OidcUserInfo.builder().subject(subject);
		if (authorization.getAuthorizedScopes().contains(OidcScopes.PROFILE)) {
			info.preferredUsername(subject).name(subject);
		}
		return info.build();
	}

}
