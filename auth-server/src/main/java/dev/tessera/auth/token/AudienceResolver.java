package dev.tessera.auth.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * Decides a token's {@code aud}: the client's registered audiences, narrowed to the
 * RFC 8707 {@code resource} values when the request names any. A resource the client
 * is not registered for is {@code invalid_target}. A client with no audiences gets its
 * own client_id (Spring's default), so {@code aud} is never empty.
 */
public final class AudienceResolver {

	static final String INVALID_TARGET = "invalid_target";

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc8707#section-2";

	private AudienceResolver() {
	}

	/**
	 * @param registered the client's audiences
	 * @param requested the {@code resource} parameter as the converter left it: null, a
	 * String, or a String[] when repeated
	 */
	public static List<String> resolve(String clientId, Collection<String> registered, Object requested) {
		List<String> resources = asList(requested);
		if (resources.isEmpty()) {
			return registered.isEmpty() ? List.of(clientId) : List.copyOf(registered);
		}
		List<String> audiences = new ArrayList<>(resources.size());
		for (String resource : resources) {
			if (!registered.contains(resource)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(INVALID_TARGET,
						"The client is not registered for the resource '" + resource + "'", ERROR_URI));
			}
			if (!audiences.contains(resource)) {
				audiences.add(resource);
			}
		}
		return audiences;
	}

	private static List<String> asList(Object requested) {
		if (requested == null) {
			return List.of();
		}
		if (requested instanceof String single) {
			return List.of(single);
		}
		if (requested instanceof String[] many) {
			return List.of(many);
		}
		throw new OAuth2AuthenticationException(
				new OAuth2Error(INVALID_TARGET, "The resource parameter is malformed", ERROR_URI));
	}

}
