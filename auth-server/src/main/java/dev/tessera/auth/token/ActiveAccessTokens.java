package dev.tessera.auth.token;

import java.text.ParseException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.key.SigningKeyGenerator;
import dev.tessera.auth.trust.TrustedIssuer;
import dev.tessera.auth.web.RfcText;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The one answer to "is this token active": a {@link NimbusJwtDecoder} on the server's
 * own key source (an allowed algorithm, a key this server publishes, a valid signature)
 * with the RFC 9068 rules of {@link AccessTokenValidators} and an audience rule, then
 * Tessera's own rules as {@link OAuth2TokenValidator}s, in order: the client still
 * exists, is enabled and has made no security change since the token
 * ({@link ClientActivityValidator}), and the token is not revoked
 * ({@link NotRevokedValidator}, the one database read, last). Introspection and
 * revocation use it through {@link StatelessAuthorizationService}; the admin API uses
 * {@link #addressedToIssuerAlone()} as its {@link JwtDecoder}; a token presented as a
 * bearer token ({@link #decode}) must also come with the client certificate it is bound
 * to, if any ({@link CertificateBinding}).
 *
 * <p>
 * Every refusal is a {@link BadJwtException} whose message is the reason, fit for RFC
 * 6750's {@code error_description}: the description of the validator that refused, or,
 * when no key or signature let the token be read at all, what was wrong with it. Spring's
 * resource-server support turns it into {@code error="invalid_token"} with that reason.
 */
public class ActiveAccessTokens implements JwtDecoder {

	static final String NOT_SIGNED = "The token is not a signed JWT";

	static final String OTHER_ALGORITHM = "The token is signed with an algorithm this server does not use";

	static final String UNKNOWN_KEY = "The token is signed by a key this server does not publish: revoked, retired or unknown";

	static final String BAD_SIGNATURE = "The token's signature does not verify";

	static final String NOT_CURRENT = "The token is not a valid, current token of this server";

	/** A token and the client it was issued to, both as they are now. */
	public record ActiveAccessToken(Jwt jwt, ClientRecord client) {
	}

	private final JWKSource<SecurityContext> keys;

	private final String issuer;

	private final Clock clock;

	private final Function<String, Optional<ClientRecord>> clients;

	/** Checked after the client: the partner's trust, then the deny list. */
	private final OAuth2TokenValidator<Jwt> notRevoked;

	private final NimbusJwtDecoder decoder;

	private final CertificateBinding binding = new CertificateBinding();

	/**
	 * Tokens for any audience (introspection, revocation).
	 * @param clients the client for a {@code client_id}, as the directory has it
	 * @param revoked whether a {@code jti} is on the deny list
	 * @param partners the trusted issuer of an issuer identifier, as the directory has it
	 * (for tokens issued on a partner's assertion, see {@link PartnerTrustValidator})
	 */
	public ActiveAccessTokens(JWKSource<SecurityContext> keys, String issuer, Clock clock,
			Function<String, Optional<ClientRecord>> clients, Predicate<String> revoked,
			Function<String, Optional<TrustedIssuer>> partners) {
		this(keys, issuer, clock, clients,
				AccessTokenValidators
					.inOrder(List.of(new PartnerTrustValidator(partners), new NotRevokedValidator(revoked))),
				AccessTokenValidators.anyAudience());
	}

	private ActiveAccessTokens(JWKSource<SecurityContext> keys, String issuer, Clock clock,
			Function<String, Optional<ClientRecord>> clients, OAuth2TokenValidator<Jwt> notRevoked,
			OAuth2TokenValidator<Jwt> audience) {
		this.keys = keys;
		this.issuer = issuer;
		this.clock = clock;
		this.clients = clients;
		this.notRevoked = notRevoked;
		this.decoder = NimbusJwtDecoder.withJwkSource(keys)
			.jwsAlgorithms(algorithms -> SigningKeyGenerator.ALLOWED
				.forEach(algorithm -> algorithms.add(SignatureAlgorithm.from(algorithm.getName()))))
			.build();
		this.decoder.setJwtValidator(AccessTokenValidators.accessToken(issuer, clock, audience));
	}

	/**
	 * The same rules for tokens addressed to this server alone ({@code aud} exactly the
	 * issuer, see {@link IssuerAudienceValidator}): the admin API's decoder.
	 */
	public ActiveAccessTokens addressedToIssuerAlone() {
		return new ActiveAccessTokens(this.keys, this.issuer, this.clock, this.clients, this.notRevoked,
				new IssuerAudienceValidator(this.issuer));
	}

	/**
	 * The token with its client, if the token is an active access token of this server.
	 * @throws BadJwtException with the reason when it is not
	 */
	public ActiveAccessToken verify(String token) {
		Jwt jwt;
		try {
			jwt = this.decoder.decode(token);
		}
		catch (JwtValidationException ex) {
			throw new JwtValidationException(RfcText.description(ex.getErrors().iterator().next().getDescription()),
					ex.getErrors());
		}
		catch (JwtException | IllegalArgumentException ex) {
			throw new BadJwtException(unreadable(ex.getCause(), token), ex);
		}
		Optional<ClientRecord> client = this.clients.apply(jwt.getClaimAsString("client_id"));
		OAuth2TokenValidatorResult result = AccessTokenValidators
			.inOrder(List.of(new ClientActivityValidator(client), this.notRevoked))
			.validate(jwt);
		if (result.hasErrors()) {
			OAuth2Error error = result.getErrors().iterator().next();
			throw new JwtValidationException(RfcText.description(error.getDescription()), result.getErrors());
		}
		return new ActiveAccessToken(jwt, client.orElseThrow());
	}

	/**
	 * A token presented to be used (the admin API, userinfo): active, and presented with
	 * the client certificate it is bound to, if it is bound to one
	 * ({@link CertificateBinding}).
	 */
	@Override
	public Jwt decode(String token) {
		Jwt jwt = verify(token).jwt();
		OAuth2TokenValidatorResult bound = this.binding.validate(jwt);
		if (bound.hasErrors()) {
			throw new JwtValidationException(bound.getErrors().iterator().next().getDescription(), bound.getErrors());
		}
		return jwt;
	}

	/**
	 * Why the decoder could not read the token at all. Only called once it has failed, so
	 * the hot path pays nothing for it.
	 */
	private static String unreadable(Throwable cause, String token) {
		JWT parsed;
		try {
			parsed = JWTParser.parse(token);
		}
		catch (ParseException | RuntimeException parseFailure) {
			return NOT_SIGNED;
		}
		if (!(parsed instanceof SignedJWT signed) || !hasClaims(signed)) {
			return NOT_SIGNED;
		}
		JWSHeader header = signed.getHeader();
		if (!SigningKeyGenerator.ALLOWED.contains(header.getAlgorithm())) {
			return OTHER_ALGORITHM;
		}
		if (cause instanceof BadJWSException) {
			return BAD_SIGNATURE;
		}
		if (cause instanceof BadJOSEException) {
			return UNKNOWN_KEY; // Nimbus found no key of this kid and algorithm
		}
		return NOT_CURRENT;
	}

	private static boolean hasClaims(SignedJWT jwt) {
		try {
			return jwt.getJWTClaimsSet() != null;
		}
		catch (ParseException ex) {
			return false;
		}
	}

}
