package dev.tessera.samples.jwtbearer;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.tessera.samples.oauth2.RsaKeyFile;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.util.Assert;

/**
 * Mints the partner's assertions (RFC 7523 §3): one fresh JWT per token request, signed
 * RS256 with the partner's own private key through Spring Security's
 * {@link NimbusJwtEncoder}, saying that the partner ({@code iss}) vouches for
 * {@code sub}, for Tessera only ({@code aud}, one string: its issuer identifier), for a
 * short while ({@code iat}, {@code exp}), once ({@code jti}, which Tessera remembers).
 * <p>
 * An assertion is never reused or cached: Tessera refuses a {@code jti} it has seen, and
 * a fresh one costs a signature, far less than the token request it goes with. Neither
 * the key nor an assertion is ever logged.
 */
public final class PartnerAssertions {

	private final JwtEncoder encoder;

	private final PartnerProperties partner;

	private final Clock clock;

	PartnerAssertions(JwtEncoder encoder, PartnerProperties partner, Clock clock) {
		this.encoder = encoder;
		this.partner = partner;
		this.clock = clock;
	}

	/**
	 * Reads the partner's RSA private key from {@code partner.privateKeyFile()}
	 * ({@link RsaKeyFile}, at least 2048 bits) once, at start-up, so a missing or
	 * unreadable key stops the sample before any call. Assertions carry the real time:
	 * Tessera checks them against its own clock.
	 */
	public static PartnerAssertions fromPemFile(PartnerProperties partner) {
		RSAKey key = RsaKeyFile.read(partner.privateKeyFile(), partner.keyId());
		NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
		return new PartnerAssertions(encoder, partner, Clock.systemUTC());
	}

	/**
	 * A new signed assertion that the partner vouches for {@code subject}.
	 * @param subject the partner's user or system the token is for
	 */
	public Jwt mint(String subject) {
		Assert.hasText(subject, "subject must not be empty");
		Instant now = this.clock.instant();
		// typ JWT: the only type (besides none) Tessera accepts for an assertion
		JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(this.partner.keyId()).type("JWT").build();
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(this.partner.issuer())
			.subject(subject)
			// one audience: Nimbus writes a one-element audience as a single string
			.audience(List.of(this.partner.audience()))
			.issuedAt(now)
			.expiresAt(now.plus(this.partner.assertionLifetime()))
			.id(UUID.randomUUID().toString())
			.build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims));
	}

}
