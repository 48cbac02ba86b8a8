package dev.tessera.auth.token;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import dev.tessera.auth.client.certificate.CertificateThumbprints;
import dev.tessera.auth.tls.ClientCertificates;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * RFC 8705 §3: a certificate-bound access token ({@code cnf} with {@code x5t#S256}) is
 * accepted as a bearer token only from a request that presents that certificate (in the
 * TLS handshake, or from a trusted proxy: {@link ClientCertificates}). The rule of
 * Spring's {@code X509CertificateThumbprintValidator}, which is not public, with
 * descriptions that say what is missing. Checked where a token is presented to be used
 * ({@link ActiveAccessTokens#decode}: the admin API, userinfo), not where a client asks
 * about one (introspection, revocation): the caller there is not the token's holder.
 */
final class CertificateBinding implements OAuth2TokenValidator<Jwt> {

	/** The confirmation claim (RFC 7800). */
	static final String CLAIM = "cnf";

	/** The certificate thumbprint member of {@code cnf} (RFC 8705 §3.1). */
	static final String THUMBPRINT = "x5t#S256";

	static final String NO_CERTIFICATE = "The token is bound to a client certificate (cnf x5t#S256) and the request "
			+ "presented none: call over mutual TLS with the certificate the token was issued to";

	static final String OTHER_CERTIFICATE = "The token is bound to another client certificate than the one the "
			+ "request presented (cnf x5t#S256)";

	private final Supplier<X509Certificate> presented;

	/** The certificate of the current request, as Spring's validator reads it. */
	CertificateBinding() {
		this(CertificateBinding::currentRequestCertificate);
	}

	CertificateBinding(Supplier<X509Certificate> presented) {
		this.presented = presented;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt jwt) {
		Object confirmation = jwt.getClaims().get(CLAIM);
		if (!(confirmation instanceof Map<?, ?> cnf) || !(cnf.get(THUMBPRINT) instanceof String bound)) {
			return OAuth2TokenValidatorResult.success();
		}
		X509Certificate certificate = this.presented.get();
		if (certificate == null) {
			return AccessTokenValidators.failure(NO_CERTIFICATE);
		}
		if (!bound.equals(CertificateThumbprints.of(certificate))) {
			return AccessTokenValidators.failure(OTHER_CERTIFICATE);
		}
		return OAuth2TokenValidatorResult.success();
	}

	private static X509Certificate currentRequestCertificate() {
		if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
			return null;
		}
		HttpServletRequest request = attributes.getRequest();
		List<X509Certificate> chain = ClientCertificates.of(request);
		return chain.isEmpty() ? null : chain.get(0);
	}

}
