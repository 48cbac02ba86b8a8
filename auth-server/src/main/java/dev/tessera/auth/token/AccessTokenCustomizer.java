package dev.tessera.auth.token;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tessera.auth.client.TesseraClientSettings;
import dev.tessera.auth.client.TokensNotBefore;
import dev.tessera.auth.client.certificate.CertificateThumbprints;
import dev.tessera.auth.key.SigningKeys;

import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Shapes access tokens as RFC 9068 asks, where Spring's defaults differ: header
 * {@code typ: at+jwt} and the active key's algorithm; {@code aud} as
 * {@link AudienceResolver} decided when {@code TokenRequestAudienceValidator} checked the
 * request (read from the request, see {@link AudienceResolver.Resolved}), instead of the
 * client_id; a {@code client_id} claim; {@code scope} as one space-separated string,
 * absent when no scope was granted; the private claim {@value TokensNotBefore#CLAIM} with
 * the {@link TokensNotBefore} value of the client snapshot that decided the scopes (the
 * one Spring authenticated the client with and checked the scopes against), so a token
 * issued from a snapshot older than the client's last security change is inactive however
 * late it was signed; for a token issued on a partner's assertion, the partner
 * ({@link PartnerSubject}); for a token a person authorized, its
 * {@link RefreshTokenFamily}; for a client registered with certificate-bound tokens that
 * authenticated with its certificate, {@code cnf} with the certificate's {@code x5t#S256}
 * ({@link CertificateBinding}). ID tokens get the active key's algorithm too.
 * {@code iss}, {@code sub}, {@code iat}, {@code exp} and a random {@code jti} come from
 * Spring's generator.
 */
public class AccessTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

	public static final String RESOURCE = "resource";

	private static final Set<ClientAuthenticationMethod> CERTIFICATE_METHODS = Set
		.of(ClientAuthenticationMethod.TLS_CLIENT_AUTH, ClientAuthenticationMethod.SELF_SIGNED_TLS_CLIENT_AUTH);

	private final SigningKeys keys;

	private final AudienceResolver audiences;

	public AccessTokenCustomizer(SigningKeys keys, AudienceResolver audiences) {
		this.keys = keys;
		this.audiences = audiences;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
			context.getJwsHeader().algorithm(SignatureAlgorithm.from(this.keys.current().signingAlgorithm().getName()));
			return;
		}
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		RegisteredClient client = context.getRegisteredClient();
		context.getJwsHeader()
			.algorithm(SignatureAlgorithm.from(this.keys.current().signingAlgorithm().getName()))
			.type("at+jwt");
		Set<String> scopes = context.getAuthorizedScopes();
		context.getClaims()
			.audience(new ArrayList<>(audience(context, client, scopes))) // a plain list:
																			// stored
																			// claims are
																			// read back
																			// by type
			.claim("client_id", client.getClientId())
			.claims(claims -> {
				Long notBefore = TokensNotBefore.claim(client);
				if (notBefore != null) {
					claims.put(TokensNotBefore.CLAIM, notBefore);
				}
				if (context.getAuthorization() != null && !StatelessAuthorizationService.STATELESS_GRANTS
					.contains(context.getAuthorization().getAuthorizationGrantType())) {
					claims.put(RefreshTokenFamily.CLAIM, RefreshTokenFamily.handle(context.getAuthorization().getId()));
				}
				String thumbprint = boundCertificate(context, client);
				if (thumbprint != null) {
					Map<String, Object> confirmation = new HashMap<>();
					confirmation.put(CertificateBinding.THUMBPRINT, thumbprint);
					claims.put(CertificateBinding.CLAIM, confirmation);
				}
				if (context.getPrincipal() instanceof PartnerSubject partner) {
					claims.put(PartnerSubject.PARTNER_CLAIM, partner.partnerIssuer());
					claims.put(PartnerSubject.TRUST_CLAIM, partner.trustId());
				}
				if (scopes.isEmpty()) {
					claims.remove("scope");
				}
				else {
					claims.put("scope", String.join(" ", scopes));
				}
			});
	}

	/**
	 * The thumbprint of the certificate the client authenticated with, when its tokens
	 * are bound to it (RFC 8705 §3); null otherwise. Spring's own customizer does this
	 * only for a token generator it builds itself, which Tessera's is not.
	 */
	private static String boundCertificate(JwtEncodingContext context, RegisteredClient client) {
		if (!client.getTokenSettings().isX509CertificateBoundAccessTokens() || context.getAuthorizationGrant() == null
				|| !(context.getAuthorizationGrant()
					.getPrincipal() instanceof OAuth2ClientAuthenticationToken authenticated)
				|| !CERTIFICATE_METHODS.contains(authenticated.getClientAuthenticationMethod())
				|| !(authenticated.getCredentials() instanceof X509Certificate[] chain) || chain.length == 0) {
			return null;
		}
		return CertificateThumbprints.of(chain[0]);
	}

	/**
	 * What the request's validator decided; resolved here only for a grant no validator
	 * checked.
	 */
	private List<String> audience(JwtEncodingContext context, RegisteredClient client, Set<String> scopes) {
		Object resource = null;
		if (context.getAuthorizationGrant() instanceof OAuth2AuthorizationGrantAuthenticationToken grant) {
			if (grant.getDetails() instanceof AudienceResolver.Resolved resolved) {
				return resolved.audience();
			}
			Map<String, Object> parameters = grant.getAdditionalParameters();
			resource = parameters.get(RESOURCE);
		}
		return this.audiences.resolve(client.getClientId(), TesseraClientSettings.audiences(client), resource, scopes);
	}

}
