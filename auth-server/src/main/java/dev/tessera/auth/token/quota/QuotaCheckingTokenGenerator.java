package dev.tessera.auth.token.quota;

import java.time.Clock;

import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.client.TokenQuota;

import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Every access token of every grant (client credentials, JWT bearer, authorization code,
 * refresh) is made by the one token generator, so the quota is checked here, before the
 * token is signed: a client with a quota ({@link TesseraClientSettings#tokenQuota}) gets
 * its token counted, or a {@link TokenQuotaExceededException}. Refresh and ID tokens are
 * not counted. A client without a quota costs one settings lookup. A counted token that
 * is then not delivered for want of its audit event is given back
 * ({@link UndeliveredTokens}).
 */
public class QuotaCheckingTokenGenerator implements OAuth2TokenGenerator<OAuth2Token> {

	private final OAuth2TokenGenerator<? extends OAuth2Token> delegate;

	private final TokenQuotaCounter counter;

	private final QuotaRefusalAuditing auditing;

	private final Clock clock;

	public QuotaCheckingTokenGenerator(OAuth2TokenGenerator<? extends OAuth2Token> delegate, TokenQuotaCounter counter,
			QuotaRefusalAuditing auditing, Clock clock) {
		this.delegate = delegate;
		this.counter = counter;
		this.auditing = auditing;
		this.clock = clock;
	}

	@Override
	public OAuth2Token generate(OAuth2TokenContext context) {
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			RegisteredClient client = context.getRegisteredClient();
			TokenQuota quota = TesseraClientSettings.tokenQuota(client);
			if (quota != null) {
				TokenQuotaCounter.Taken taken = this.counter.acquireReleasable(client.getId(), quota);
				if (taken instanceof TokenQuotaCounter.Counted counted) {
					UndeliveredTokens.counted(counted);
				}
				else if (taken instanceof QuotaRefusal refusal) {
					String grant = (context.getAuthorizationGrantType() != null)
							? context.getAuthorizationGrantType().getValue() : null;
					this.auditing.refused(client.getClientId(), grant, refusal, this.clock.instant());
					throw new TokenQuotaExceededException(refusal);
				}
			}
		}
		return this.delegate.generate(context);
	}

}
