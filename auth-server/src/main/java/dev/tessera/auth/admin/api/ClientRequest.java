package dev.tessera.auth.admin.api;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.swagger.v3.oas.annotations.media.Schema;

import dev.tessera.auth.client.ClientDraft;
import dev.tessera.auth.client.PersonFlowSettings;
import dev.tessera.auth.client.TlsClientIdentity;
import dev.tessera.auth.client.TokenQuota;

/**
 * {@code POST /admin/api/clients}: the client to register. {@code firstParty},
 * {@code postLogoutRedirectUris} and the refresh-token lifetimes are for clients acting
 * for a person ({@link PersonFlowSettings}); absent, they are false, none and the
 * server's defaults. A {@code tls_client_auth} client names its certificate's identity in
 * exactly one of {@code tlsSubjectDn}, {@code tlsSanDns}, {@code tlsSanUri},
 * {@code tlsSanIp} and {@code tlsSanEmail} ({@link TlsClientIdentity});
 * {@code certificateBoundTokens} binds its tokens to the certificate it authenticated
 * with (RFC 8705 §3). {@code hourlyTokenQuota} and {@code dailyTokenQuota} cap the access
 * tokens the client gets per UTC hour and day across the cluster ({@link TokenQuota});
 * absent, there is no limit.
 */
public record ClientRequest(String clientId, String name, Set<String> grantTypes, Set<String> authMethods,
		Set<String> scopes, Set<String> defaultScopes, Set<String> audiences, Set<String> redirectUris,
		Map<String, Object> jwks, String jwksUri, String tlsSubjectDn, String tlsSanDns, String tlsSanUri,
		String tlsSanIp, String tlsSanEmail, Boolean certificateBoundTokens, Integer accessTokenTtlSeconds,
		Integer secretTtlSeconds, Boolean firstParty, Set<String> postLogoutRedirectUris,
		Integer refreshTokenIdleSeconds, Integer refreshTokenAbsoluteSeconds,
		@Schema(type = "integer", format = "int32", minimum = "1") BigDecimal hourlyTokenQuota,
		@Schema(type = "integer", format = "int32", minimum = "1") BigDecimal dailyTokenQuota) {

	ClientDraft toDraft() {
		return new ClientDraft(this.clientId, this.name, this.grantTypes, this.authMethods, this.scopes,
				this.defaultScopes, this.audiences, this.redirectUris, this.accessTokenTtlSeconds,
				this.secretTtlSeconds, jwksJson(this.jwks), this.jwksUri,
				new TlsClientIdentity(
						this.tlsSubjectDn, this.tlsSanDns, this.tlsSanUri, this.tlsSanIp, this.tlsSanEmail),
				Boolean.TRUE.equals(this.certificateBoundTokens),
				new PersonFlowSettings(Boolean.TRUE.equals(this.firstParty), this.postLogoutRedirectUris,
						this.refreshTokenIdleSeconds, this.refreshTokenAbsoluteSeconds),
				new TokenQuota(TokenQuotaValues.of("hourlyTokenQuota", this.hourlyTokenQuota),
						TokenQuotaValues.of("dailyTokenQuota", this.dailyTokenQuota)));
	}

	static String jwksJson(Map<String, Object> jwks) {
		return (jwks != null) ? JSONObjectUtils.toJSONString(jwks) : null;
	}

}
