package dev.tessera.auth.client.assertion;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientRecord;
import dev.tessera.auth.jose.VerificationKeyPolicy;
import dev.tessera.auth.jose.VerificationKeySources;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * The {@link JwtDecoder} that Spring's {@link JwtClientAssertionAuthenticationProvider}
 * verifies a client's {@code private_key_jwt} assertion with, in place of Spring's
 * {@code JwtClientAssertionDecoderFactory} (which fetches keys through an unbounded
 * {@code RestTemplate} that follows no egress rules, takes one algorithm per client and
 * accepts HMAC): a {@link NimbusJwtDecoder} over the client's registered keys, inline
 * ({@code jwks}, checked by {@link VerificationKeyPolicy}) or at its {@code jwksUri} (a
 * {@link JWKSource} from {@code egress.JwksFetcher}: cached, refetched on an unknown
 * {@code kid}, under the outbound rules); a signature by one of
 * {@link VerificationKeyPolicy#ALLOWED_ALGORITHMS} (never HS* or {@code none}); a
 * {@code typ} that is absent, {@code JWT} or {@code client-authentication+jwt}; and the
 * claim rules of {@link ClientAssertionClaims}.
 * <p>
 * A decoder is kept per client and key-set version (the inline set's text or the
 * {@code jwksUri}), so a changed registration is picked up when the client directory next
 * loads the client. Every refusal is {@code invalid_client} with a description naming the
 * rule (see {@link InvalidClientAssertion#from}): thrown as an
 * {@code OAuth2AuthenticationException}, which Spring's provider passes on as it is,
 * where a {@code JwtException} would be reduced to "Client authentication failed:
 * client_assertion".
 * <p>
 * Nothing here records the assertion as used: the single-use check belongs to the token
 * response path, which finds the verified assertion as the authenticated client's
 * credentials ({@code org.springframework.security.oauth2.jwt.Jwt}).
 */
public final class ClientAssertionDecoderFactory implements JwtDecoderFactory<RegisteredClient> {

	/**
	 * {@code typ} may be absent, {@code JWT}, or the draft's explicit client-assertion
	 * type.
	 */
	private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
			JOSEObjectType.JWT, null, new JOSEObjectType("client-authentication+jwt"));

	private static final Converter<Map<String, Object>, Map<String, Object>> SPRING_CLAIMS = MappedJwtClaimSetConverter
		.withDefaults(Map.of());

	private final ClientDirectory directory;

	private final Function<URI, JWKSource<SecurityContext>> keysAt;

	private final ClientAssertionClaims claims;

	private final Cache<KeySetVersion, JwtDecoder> decoders = Caffeine.newBuilder()
		.maximumSize(10_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	/**
	 * @param keysAt the key source of a {@code jwksUri} (outbound rules, caching)
	 */
	ClientAssertionDecoderFactory(ClientDirectory directory, Function<URI, JWKSource<SecurityContext>> keysAt,
			ClientAssertionClaims claims) {
		this.directory = directory;
		this.keysAt = keysAt;
		this.claims = claims;
	}

	@Override
	public JwtDecoder createDecoder(RegisteredClient client) {
		ClientRecord record = this.directory.findByClientId(client.getClientId())
			.orElseThrow(() -> InvalidClientAssertion.because("unknown client"));
		KeySetVersion version = new KeySetVersion(client.getClientId(), blankToNull(record.jwks()),
				blankToNull(record.jwksUri()));
		return this.decoders.get(version, this::decoder);
	}

	private JwtDecoder decoder(KeySetVersion version) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(TYPES);
		processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(VerificationKeyPolicy.ALLOWED_ALGORITHMS, keys(version)));
		processor.setJWTClaimsSetVerifier(this.claims::checkTimeOrder); // the rest:
																		// validators, on
																		// our clock
		NimbusJwtDecoder nimbus = new NimbusJwtDecoder(processor);
		nimbus.setClaimSetConverter(ClientAssertionDecoderFactory::claims);
		nimbus.setJwtValidator(this.claims.validatorFor(version.clientId()));
		return (assertion) -> {
			if (!VerificationKeySources.isSignedJwt(assertion)) {
				throw InvalidClientAssertion.because("client_assertion is not a signed JWT");
			}
			try {
				return nimbus.decode(assertion);
			}
			catch (JwtException ex) {
				throw InvalidClientAssertion.from(ex, assertion);
			}
		};
	}

	/** The client's keys that the key policy accepts, inline or fetched. */
	private JWKSource<SecurityContext> keys(KeySetVersion version) {
		if (version.jwks() != null) {
			try {
				return VerificationKeySources.inline(version.jwks());
			}
			catch (IllegalArgumentException ex) {
				throw InvalidClientAssertion.because("the client's registered jwks " + ex.getMessage());
			}
		}
		if (version.jwksUri() != null) {
			try {
				return VerificationKeySources.accepted(this.keysAt.apply(URI.create(version.jwksUri().trim())));
			}
			catch (IllegalArgumentException ex) {
				throw InvalidClientAssertion.because("the client's jwksUri is not a valid URL");
			}
		}
		throw InvalidClientAssertion.because("client has no registered keys (jwks or jwksUri)");
	}

	/**
	 * Spring's claim mapping, except that an absent {@code iat} stays absent: Spring
	 * would set it to {@code exp} minus one second, which the {@code iat} rule would then
	 * judge.
	 */
	private static Map<String, Object> claims(Map<String, Object> claims) {
		Map<String, Object> mapped = SPRING_CLAIMS.convert(claims);
		if (!claims.containsKey(JwtClaimNames.IAT)) {
			mapped.remove(JwtClaimNames.IAT);
		}
		return mapped;
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	/** Which keys a decoder was built on: a changed registration gets a new decoder. */
	private record KeySetVersion(String clientId, String jwks, String jwksUri) {
	}

}
