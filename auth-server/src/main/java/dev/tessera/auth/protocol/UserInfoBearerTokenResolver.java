package dev.tessera.auth.protocol;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.web.util.UrlPathHelper;

/**
 * Reads a bearer token (from the {@code Authorization} header only, never from a query or
 * form parameter) on the OpenID Connect userinfo endpoint, the one protocol endpoint a
 * person's access token is for; on the others clients authenticate as themselves.
 */
class UserInfoBearerTokenResolver implements BearerTokenResolver {

	private final String userInfoPath;

	private final DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();

	UserInfoBearerTokenResolver(String userInfoPath) {
		this.userInfoPath = userInfoPath;
	}

	@Override
	public String resolve(HttpServletRequest request) {
		if (!this.userInfoPath.equals(UrlPathHelper.defaultInstance.getPathWithinApplication(request))) {
			return null;
		}
		return this.header.resolve(request);
	}

}
