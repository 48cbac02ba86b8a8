package dev.tessera.auth.grant.jwtbearer;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.Header;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.tessera.auth.egress.EgressException;
import dev.tessera.auth.jose.VerificationKeyPolicy;
import dev.tessera.auth.jose.VerificationKeySources;
import dev.tessera.auth.trust.TrustedIssuer;
import dev.tessera.auth.trust.TrustedIssuers;
import dev.tessera.auth.web.RfcText;

/**
 * Verifies a partner's assertion, every part, every time: a signed JWT (never
 * {@code alg: none}, never encrypted) whose header names an algorithm of
 * {@link VerificationKeyPolicy#ALLOWED_ALGORITHMS} (asymmetric only: an HMAC "signature"
 * made with a public key as the secret goes nowhere); whose {@code iss} is a registered
 * {@link TrustedIssuer}; signed by one of that issuer's keys, inline or fetched from its
 * {@code jwksUri} under the outbound rules ({@code egress.JwksFetcher}: cached, refetched
 * once on an unknown {@code kid}, never more often than a floor, failures backed off, the
 * last good keys served for a bounded time), the key matched by {@code kid} and, when the
 * key names one, its own {@code alg}; a {@code typ}, if any, of {@code JWT}; and the
 * claim rules of {@link PartnerAssertionClaims}. Each failure is a
 * {@link PartnerAssertionRefusal} ({@code invalid_grant}) saying which check failed.
 * <p>
 * A Nimbus processor is kept per issuer registration (the {@link TrustedIssuer} snapshot
 * is the key), so a changed registration is picked up with the snapshot that carries it.
 */
public final class PartnerAssertionVerifier {

	private final Function<String, Optional<TrustedIssuer>> issuers;

	private final Function<URI, JWKSource<SecurityContext>> keysAt;

	private final PartnerAssertionClaims claims;

	private final Cache<TrustedIssuer, DefaultJWTProcessor<SecurityContext>> processors = Caffeine.newBuilder()
		.maximumSize(1_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	/**
	 * @param issuers the registration of an issuer identifier
	 * ({@link TrustedIssuers#findByIssuer})
	 * @param keysAt the key source of a {@code jwksUri} (outbound rules, caching)
	 */
	public PartnerAssertionVerifier(Function<String, Optional<TrustedIssuer>> issuers,
			Function<URI, JWKSource<SecurityContext>> keysAt, PartnerAssertionClaims claims) {
		this.issuers = issuers;
		this.keysAt = keysAt;
		this.claims = claims;
	}

	/**
	 * Verifies an assertion presented by this client.
	 * @throws PartnerAssertionRefusal naming the first check the assertion fails
	 */
	public PartnerAssertion verify(String assertion, String clientId) {
		// its size is bounded before any parsing, at the edge, for every assertion alike
		// (tessera.limits.max-assertion-bytes, protocol.StrictFormFilter)
		Header header = header(assertion);
		if (header instanceof PlainHeader) {
			throw PartnerAssertionRefusal.invalidGrant("alg none is not allowed: the assertion must be signed", null,
					null);
		}
		if (!(header instanceof JWSHeader jws) || !VerificationKeySources.isSignedJwt(assertion)) {
			throw PartnerAssertionRefusal.invalidGrant(
					"the assertion is not a signed JWT: unsigned (alg none, an empty signature) and encrypted JWTs are refused",
					null, null);
		}
		SignedJWT jwt;
		JWTClaimsSet unverified;
		try {
			jwt = SignedJWT.parse(assertion);
			unverified = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw PartnerAssertionRefusal.invalidGrant("the assertion's claims are not a valid JWT claims set", null,
					null);
		}
		String iss = unverified.getIssuer();
		String sub = unverified.getSubject();
		if (!VerificationKeyPolicy.ALLOWED_ALGORITHMS.contains(jws.getAlgorithm())) {
			throw PartnerAssertionRefusal.invalidGrant(
					"alg " + RfcText.description(jws.getAlgorithm().getName())
							+ " is not allowed: assertions must be signed with an asymmetric algorithm (RS*, PS*, ES*)",
					iss, sub);
		}
		if (jws.getType() != null && !JOSEObjectType.JWT.equals(jws.getType())) {
			throw PartnerAssertionRefusal.invalidGrant("typ " + RfcText.description(jws.getType().getType())
					+ " is not allowed: absent or JWT (an access token is not an assertion)", iss, sub);
		}
		if (iss == null || iss.isBlank()) {
			throw PartnerAssertionRefusal.invalidGrant("iss is required", null, sub);
		}
		TrustedIssuer issuer = this.issuers.apply(iss)
			.orElseThrow(
					() -> PartnerAssertionRefusal.invalidGrant("iss is not a registered trusted issuer", iss, sub));
		if (!issuer.allowsClient(clientId)) {
			// before any key is fetched: a client cannot make the server fetch the keys
			// of a partner it has nothing to do with
			throw PartnerAssertionRefusal
				.invalidGrant("the client is not allowed to exchange this trusted issuer's assertions", iss, sub);
		}
		JWTClaimsSet verified;
		try {
			verified = this.processors.get(issuer, this::processor).process(jwt, null);
		}
		catch (BadJOSEException | JOSEException ex) {
			throw refusal(ex, iss, sub);
		}
		String problem = this.claims.numericDateProblem(jwt.getPayload().toJSONObject());
		if (problem == null) {
			problem = this.claims.problemWith(verified, issuer);
		}
		if (problem != null) {
			throw PartnerAssertionRefusal.signedButRefused(problem, iss, sub, verified.getJWTID());
		}
		return new PartnerAssertion(issuer, verified.getSubject(), verified.getJWTID(),
				verified.getExpirationTime().toInstant());
	}

	/**
	 * The issuer and subject an assertion claims, unverified and made safe for the audit
	 * trail, for refusals made before it is verified; empty if it cannot be read.
	 */
	static Map<String, Object> claimedParties(String assertion) {
		try {
			JWTClaimsSet claims = SignedJWT.parse(assertion).getJWTClaimsSet();
			return PartnerAssertionRefusal.claimed(claims.getIssuer(), claims.getSubject());
		}
		catch (ParseException | RuntimeException ex) {
			return Map.of();
		}
	}

	/** The JOSE header, or null when the first part is not one. */
	private static Header header(String assertion) {
		int dot = assertion.indexOf('.');
		if (dot <= 0) {
			return null;
		}
		try {
			return Header.parse(new Base64URL(assertion.substring(0, dot)));
		}
		catch (ParseException | RuntimeException ex) {
			return null;
		}
	}

	private DefaultJWTProcessor<SecurityContext> processor(TrustedIssuer issuer) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(
				new JWSVerificationKeySelector<>(VerificationKeyPolicy.ALLOWED_ALGORITHMS, keys(issuer)));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
			// every claim rule is PartnerAssertionClaims', on Tessera's clock
		});
		return processor;
	}

	/** The issuer's keys that the key policy accepts, inline or fetched. */
	private JWKSource<SecurityContext> keys(TrustedIssuer issuer) {
		try {
			return (issuer.jwks() != null) ? VerificationKeySources.inline(issuer.jwks())
					: VerificationKeySources.accepted(this.keysAt.apply(URI.create(issuer.jwksUri().trim())));
		}
		catch (IllegalArgumentException ex) {
			String problem = "the trusted issuer's registered keys are not usable: " + ex.getMessage();
			return (selector, context) -> {
				throw new KeySourceException(problem);
			};
		}
	}

	/**
	 * The refusal the processor's failure stands for, in words for the partner; why keys
	 * could not be fetched (addresses, timeouts) goes to the audit trail only.
	 */
	private static PartnerAssertionRefusal refusal(Exception failure, String iss, String sub) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof EgressException egress) {
				return PartnerAssertionRefusal.invalidGrant("the trusted issuer's keys could not be fetched", iss, sub,
						"the trusted issuer's keys could not be fetched: " + egress.getMessage());
			}
		}
		if (failure instanceof KeySourceException) {
			return PartnerAssertionRefusal.invalidGrant("the trusted issuer's keys could not be read", iss, sub,
					"the trusted issuer's keys could not be read: " + failure.getMessage());
		}
		if (failure instanceof BadJWSException) {
			return PartnerAssertionRefusal.invalidGrant("the signature does not verify with the trusted issuer's key",
					iss, sub);
		}
		if (failure instanceof BadJOSEException) {
			return PartnerAssertionRefusal.invalidGrant("no key of the trusted issuer matches the assertion (kid, alg)",
					iss, sub);
		}
		return PartnerAssertionRefusal.invalidGrant("the signature could not be verified", iss, sub);
	}

}
