package dev.tessera.samples.resourceserver;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Mints access tokens shaped like Tessera's (RFC 9068 header and claims), so each test
 * can change the one thing it is about.
 */
final class AccessTokens {

	static final String CLIENT_ID = "sample-client";

	private AccessTokens() {
	}

	/** Claims as Tessera would issue them for {@link #CLIENT_ID}, valid for 5 minutes. */
	static JWTClaimsSet.Builder claims(String issuer, String audience, String scope) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		return new JWTClaimsSet.Builder().issuer(issuer)
			.subject(CLIENT_ID)
			.audience(List.of(audience))
			.claim("client_id", CLIENT_ID)
			.claim("scope", scope)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString());
	}

	static String sign(JWK key, JWSAlgorithm algorithm, JOSEObjectType type, JWTClaimsSet claims) {
		JWSHeader header = new JWSHeader.Builder(algorithm).type(type).keyID(key.getKeyID()).build();
		return sign(signer(key), header, claims);
	}

	static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(header, claims);
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static JWSSigner signer(JWK key) {
		try {
			if (key instanceof RSAKey rsa) {
				return new RSASSASigner(rsa);
			}
			if (key instanceof ECKey ec) {
				return new ECDSASigner(ec);
			}
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		throw new IllegalArgumentException("No signer for " + key.getKeyType());
	}

}
