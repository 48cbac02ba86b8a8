package dev.tessera.samples.jwtbearer;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Who the partner is to Tessera and how it signs its assertions, bound from
 * {@code partner.*} in {@code jwt-bearer.yml} (which reads {@code PARTNER_ISSUER},
 * {@code PARTNER_KEY_ID}, {@code PARTNER_PRIVATE_KEY_FILE} and {@code TESSERA_ISSUER}).
 * The private key itself is never configuration: only the path of the file it is mounted
 * as.
 *
 * @param issuer the partner's issuer identifier, exactly as registered in Tessera as a
 * trusted issuer: the {@code iss} of every assertion
 * @param keyId the {@code kid} of the partner's key in the public JWK set registered with
 * that trusted issuer
 * @param privateKeyFile a PEM file holding the partner's RSA private key (PKCS#8, or
 * PKCS#1 {@code RSA PRIVATE KEY})
 * @param audience the {@code aud} of every assertion: Tessera's issuer identifier
 * @param assertionLifetime how long an assertion is valid; it is used once, at once, so a
 * minute is plenty (Tessera accepts at most the trusted issuer's
 * {@code maxAssertionLifetimeSeconds}, 300 by default)
 */
@ConfigurationProperties("partner")
public record PartnerProperties(String issuer, String keyId, Path privateKeyFile, String audience,
		Duration assertionLifetime) {

	public PartnerProperties {
		Assert.hasText(issuer, "partner.issuer (PARTNER_ISSUER) must be set");
		Assert.hasText(keyId, "partner.key-id (PARTNER_KEY_ID) must be set");
		Assert.notNull(privateKeyFile, "partner.private-key-file (PARTNER_PRIVATE_KEY_FILE) must be set");
		Assert.hasText(audience, "partner.audience (TESSERA_ISSUER) must be set");
		Assert.isTrue(assertionLifetime != null && !assertionLifetime.isNegative() && !assertionLifetime.isZero(),
				"partner.assertion-lifetime must be positive");
	}

}
