package dev.tessera.auth.token;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps the authorizations people give clients (Spring's JDBC store underneath) without a
 * usable credential in them: every token value and the consent state is written as its
 * {@link TokenHashes hash}, and a lookup hashes the value it is given. The authorization
 * found carries the presented value back in place of its hash, because Spring's
 * introspection and revocation find the token inside it by value
 * ({@link OAuth2Authorization#getToken(String)}); its other tokens stay hashed, which is
 * all Spring reads of them (expiry, invalidation, claims).
 */
public class HashedAuthorizationService implements OAuth2AuthorizationService {

	/** The kinds of token Tessera stores in an authorization. */
	private static final List<Class<? extends OAuth2Token>> KINDS = List.of(OAuth2AuthorizationCode.class,
			OAuth2AccessToken.class, OAuth2RefreshToken.class, OidcIdToken.class);

	private final OAuth2AuthorizationService store;

	private final Predicate<String> stored;

	/**
	 * @param store Spring's store, which keeps what it is given
	 * @param stored whether an authorization of this id is stored (without reading it)
	 */
	public HashedAuthorizationService(OAuth2AuthorizationService store, Predicate<String> stored) {
		this.store = store;
		this.stored = stored;
	}

	/**
	 * Stores the authorization; one that has issued tokens is only ever updated, never
	 * stored anew: when its row is gone (the person or client made a security change
	 * meanwhile, ending the family) the grant in progress fails instead of bringing the
	 * family back.
	 */
	@Override
	public void save(OAuth2Authorization authorization) {
		if (authorization.getAccessToken() != null && !this.stored.test(authorization.getId())) {
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The authorization has ended", "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2"));
		}
		this.store.save(hashed(authorization));
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.store.remove(authorization);
	}

	@Override
	public OAuth2Authorization findById(String id) {
		try {
			return this.store.findById(id);
		}
		catch (DataRetrievalFailureException ex) {
			return null; // its client is gone: the family ends with it
		}
	}

	@Override
	public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
		if (token == null || token.startsWith(TokenHashes.PREFIX)) {
			return null; // a hash is never a credential
		}
		OAuth2Authorization found;
		try {
			found = this.store.findByToken(TokenHashes.hash(token), tokenType);
		}
		catch (DataRetrievalFailureException ex) {
			return null; // its client is gone: the family ends with it
		}
		return (found != null) ? presented(found, token) : null;
	}

	static OAuth2Authorization hashed(OAuth2Authorization authorization) {
		OAuth2Authorization.Builder builder = OAuth2Authorization.from(authorization);
		String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
		if (state != null) {
			builder.attribute(OAuth2ParameterNames.STATE, TokenHashes.hash(state));
		}
		for (Class<? extends OAuth2Token> kind : KINDS) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(kind);
			if (token != null) {
				builder.token(withValue(token.getToken(), TokenHashes.hash(token.getToken().getTokenValue())));
			}
		}
		return builder.build();
	}

	/** The authorization with the presented value in place of its hash. */
	static OAuth2Authorization presented(OAuth2Authorization found, String value) {
		String hash = TokenHashes.hash(value);
		OAuth2Authorization.Builder builder = OAuth2Authorization.from(found);
		if (hash.equals(found.getAttribute(OAuth2ParameterNames.STATE))) {
			builder.attribute(OAuth2ParameterNames.STATE, value);
		}
		for (Class<? extends OAuth2Token> kind : KINDS) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = found.getToken(kind);
			if (token != null && Objects.equals(hash, token.getToken().getTokenValue())) {
				builder.token(withValue(token.getToken(), value));
			}
		}
		return builder.build();
	}

	private static OAuth2Token withValue(OAuth2Token token, String value) {
		if (token instanceof OAuth2AuthorizationCode) {
			return new OAuth2AuthorizationCode(value, token.getIssuedAt(), token.getExpiresAt());
		}
		if (token instanceof OAuth2AccessToken access) {
			return new OAuth2AccessToken(access.getTokenType(), value, access.getIssuedAt(), access.getExpiresAt(),
					access.getScopes());
		}
		if (token instanceof OAuth2RefreshToken) {
			return new OAuth2RefreshToken(value, token.getIssuedAt(), token.getExpiresAt());
		}
		if (token instanceof OidcIdToken id) {
			return new OidcIdToken(value, id.getIssuedAt(), id.getExpiresAt(), id.getClaims());
		}
		throw new IllegalArgumentException("Not a token kind this server issues: " + token.getClass().getName());
	}

}
