package dev.tessera.auth.grant.jwtbearer;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.tessera.auth.client.ClientKeyPolicy;
import dev.tessera.auth.egress.EgressException;
import dev.tessera.auth.trust.TrustedIssuer;
import dev.tessera.auth.trust.TrustedIssuers;

/**
 * Verifies a partner's assertion, every part, every time: a signed JWT (never
 * {@code alg: none}, never encrypted) whose header names an algorithm of
 * {@link ClientKeyPolicy#ALLOWED_ALGORITHMS} (asymmetric only: an HMAC "signature" made
 * with a public key as the secret goes nowhere); whose {@code iss} is a registered
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

	/** Longer than any honest assertion; refused before any parsing. */
	static final int MAX_ASSERTION_LENGTH = 16 * 1024;

	private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
			JOSEObjectType.JWT, null);

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
	 * @throws PartnerAssertionRefusal naming the first check the assertion fails
	 */
	public PartnerAssertion verify(String assertion) {
		if (assertion.length() > MAX_ASSERTION_LENGTH) {
			throw PartnerAssertionRefusal
				.invalidGrant("the assertion is longer than " + MAX_ASSERTION_LENGTH + " characters", null, null);
		}
		if (!isSignedJwt(assertion)) {
			throw PartnerAssertionRefusal.invalidGrant(
					"the assertion is not a signed JWT (unsigned, alg none, and encrypted JWTs are refused)", null,
					null);
		}
		SignedJWT jwt;
		JWTClaimsSet unverified;
		try {
			jwt = SignedJWT.parse(assertion);
			unverified = jwt.getJWTClaimsSet();
		}
		catch (ParseException ex) {
			throw PartnerAssertionRefusal.invalidGrant("the assertion is not a valid JWT", null, null);
		}
		String iss = unverified.getIssuer();
		String sub = unverified.getSubject();
		JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
		if (!ClientKeyPolicy.ALLOWED_ALGORITHMS.contains(algorithm)) {
			throw PartnerAssertionRefusal.invalidGrant(
					"alg " + algorithm.getName()
							+ " is not allowed: assertions must be signed with an asymmetric algorithm (RS*, PS*, ES*)",
					iss, sub);
		}
		if (iss == null || iss.isBlank()) {
			throw PartnerAssertionRefusal.invalidGrant("iss is required", null, sub);
		}
		TrustedIssuer issuer = this.issuers.apply(iss)
			.orElseThrow(
					() -> PartnerAssertionRefusal.invalidGrant("iss is not a registered trusted issuer", iss, sub));
		JWTClaimsSet verified;
		try {
			verified = this.processors.get(issuer, this::processor).process(jwt, null);
		}
		catch (BadJOSEException | JOSEException ex) {
			throw PartnerAssertionRefusal.invalidGrant(reason(ex), iss, sub);
		}
		String problem = this.claims.problemWith(verified, issuer);
		if (problem != null) {
			throw PartnerAssertionRefusal.invalidGrant(problem, iss, sub);
		}
		return new PartnerAssertion(issuer, verified.getSubject(), verified.getJWTID(),
				verified.getExpirationTime().toInstant());
	}

	private DefaultJWTProcessor<SecurityContext> processor(TrustedIssuer issuer) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(TYPES);
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ClientKeyPolicy.ALLOWED_ALGORITHMS, keys(issuer)));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
			// every claim rule is PartnerAssertionClaims', on Tessera's clock
		});
		return processor;
	}

	/** The issuer's keys that the key policy accepts, inline or fetched. */
	private JWKSource<SecurityContext> keys(TrustedIssuer issuer) {
		if (issuer.jwks() != null) {
			try {
				JWKSet keys = JWKSet.parse(issuer.jwks());
				return new ImmutableJWKSet<>(
						new JWKSet(keys.getKeys().stream().filter(ClientKeyPolicy::accepts).toList()));
			}
			catch (ParseException ex) {
				return (selector, context) -> {
					throw new KeySourceException("the trusted issuer's registered jwks is not valid");
				};
			}
		}
		JWKSource<SecurityContext> fetched = this.keysAt.apply(URI.create(issuer.jwksUri().trim()));
		return (selector, context) -> fetched.get(selector, context).stream().filter(ClientKeyPolicy::accepts).toList();
	}

	/** Which check the processor's refusal stands for, in words for the partner. */
	private static String reason(Exception failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof EgressException egress) {
				return "the trusted issuer's keys could not be fetched: " + egress.getMessage();
			}
		}
		if (failure instanceof KeySourceException) {
			return "the trusted issuer's keys could not be read: " + failure.getMessage();
		}
		if (failure instanceof BadJWSException) {
			return "the signature does not verify with the trusted issuer's key";
		}
		if (failure instanceof BadJOSEException bad && bad.getMessage() != null && bad.getMessage().contains("type")) {
			return "typ is not allowed: absent or JWT";
		}
		if (failure instanceof BadJOSEException) {
			return "no key of the trusted issuer matches the assertion (kid, alg)";
		}
		return "the signature could not be verified";
	}

	/**
	 * Three parts and a signature: no unsigned ({@code alg: none}, an empty third part)
	 * or encrypted (five parts) token goes further.
	 */
	private static boolean isSignedJwt(String assertion) {
		int first = assertion.indexOf('.');
		int second = (first < 0) ? -1 : assertion.indexOf('.', first + 1);
		return second > 0 && second < assertion.length() - 1 && assertion.indexOf('.', second + 1) < 0;
	}

}
