package dev.tessera.auth.grant.jwtbearer;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.tessera.auth.trust.TrustedIssuer;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthenticationContext;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.util.Assert;

/**
 * What a JWT-bearer request's validator sees, after the assertion was verified: the
 * request, the calling client, the verified assertion (and its trusted issuer) and the
 * scopes the request stands for (those asked for, or the defaults).
 */
public final class JwtBearerGrantAuthenticationContext implements OAuth2AuthenticationContext {

	private final Map<Object, Object> context;

	private JwtBearerGrantAuthenticationContext(Map<Object, Object> context) {
		this.context = Collections.unmodifiableMap(new HashMap<>(context));
	}

	@SuppressWarnings("unchecked")
	@Override
	public <V> V get(Object key) {
		return hasKey(key) ? (V) this.context.get(key) : null;
	}

	@Override
	public boolean hasKey(Object key) {
		Assert.notNull(key, "key cannot be null");
		return this.context.containsKey(key);
	}

	public RegisteredClient getRegisteredClient() {
		return get(RegisteredClient.class);
	}

	public PartnerAssertion getAssertion() {
		return get(PartnerAssertion.class);
	}

	public TrustedIssuer getTrustedIssuer() {
		return getAssertion().trustedIssuer();
	}

	/** The scopes the token would carry: those asked for, or the defaults. */
	public Set<String> getScopes() {
		return get(Scopes.class).values();
	}

	public static Builder with(JwtBearerGrantAuthenticationToken authentication) {
		return new Builder(authentication);
	}

	/** The scopes, as a context key of their own. */
	private record Scopes(Set<String> values) {
	}

	public static final class Builder extends AbstractBuilder<JwtBearerGrantAuthenticationContext, Builder> {

		private Builder(JwtBearerGrantAuthenticationToken authentication) {
			super(authentication);
		}

		public Builder registeredClient(RegisteredClient registeredClient) {
			return put(RegisteredClient.class, registeredClient);
		}

		public Builder assertion(PartnerAssertion assertion) {
			return put(PartnerAssertion.class, assertion);
		}

		public Builder scopes(Set<String> scopes) {
			return put(Scopes.class, new Scopes(Set.copyOf(scopes)));
		}

		@Override
		public JwtBearerGrantAuthenticationContext build() {
			Assert.notNull(get(RegisteredClient.class), "registeredClient cannot be null");
			Assert.notNull(get(PartnerAssertion.class), "assertion cannot be null");
			Assert.notNull(get(Scopes.class), "scopes cannot be null");
			return new JwtBearerGrantAuthenticationContext(getContext());
		}

	}

}
