package dev.tessera.auth.client.certificate;

import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.client.TlsClientIdentity;
import dev.tessera.auth.client.TlsClientIdentity.Kind;
import dev.tessera.auth.support.TestPki;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a certificate is matched to a {@code tls_client_auth} client's registered identity,
 * as plain rules: DNs as X.500 names, each SAN kind by its own comparison; and which
 * certificates count as self-signed.
 */
class CertificateIdentitiesTest {

	static final TestPki.Authority CA = TestPki.authority("Identities Test CA");

	static final X509Certificate CERTIFICATE = CA.issue("CN=orders,O=Acme")
		.dns("orders.partner.example")
		.uri("spiffe://partner.example/orders")
		.ip("2001:db8::7")
		.email("orders@partner.example")
		.build()
		.certificate();

	@Test
	void subjectDnsAreComparedAsX500Names() {
		String rendered = CERTIFICATE.getSubjectX500Principal().getName();
		assertThat(mismatch(Kind.SUBJECT_DN, rendered)).isNull();
		assertThat(mismatch(Kind.SUBJECT_DN, rendered.replace(",", ", ").toLowerCase())).isNull();
		assertThat(mismatch(Kind.SUBJECT_DN, "O=Acme,CN=billing")).contains("subject DN does not match");
		assertThat(mismatch(Kind.SUBJECT_DN, "CN=orders")).contains("subject DN does not match");
	}

	@Test
	void eachSanKindMatchesOnlyItsOwnKind() {
		assertThat(mismatch(Kind.DNS, "ORDERS.partner.example")).isNull();
		assertThat(mismatch(Kind.DNS, "billing.partner.example")).contains("(DNS name)");
		assertThat(mismatch(Kind.DNS, "spiffe://partner.example/orders")).contains("(DNS name)");
		assertThat(mismatch(Kind.URI, "spiffe://partner.example/orders")).isNull();
		assertThat(mismatch(Kind.URI, "spiffe://partner.example/ORDERS")).contains("(URI)");
		assertThat(mismatch(Kind.IP, "2001:db8:0:0:0:0:0:7")).isNull();
		assertThat(mismatch(Kind.IP, "2001:db8::8")).contains("(IP address)");
		assertThat(mismatch(Kind.EMAIL, "orders@partner.example")).isNull();
		assertThat(mismatch(Kind.EMAIL, "billing@partner.example")).contains("(e-mail address)");
	}

	@Test
	void aClientWithoutAnIdentityMatchesNothing() {
		assertThat(CertificateIdentities.mismatch(TlsClientIdentity.NONE, CERTIFICATE)).isPresent();
	}

	@Test
	void selfSignedMeansItsOwnIssuerAndItsOwnSignature() {
		assertThat(SelfSignedCertificates.isSelfSigned(TestPki.selfSigned("CN=me").build().certificate())).isTrue();
		assertThat(SelfSignedCertificates.isSelfSigned(CA.certificate())).as("a root CA is self-signed too").isTrue();
		assertThat(SelfSignedCertificates.isSelfSigned(CERTIFICATE)).isFalse();
		assertThat(SelfSignedCertificates
			.isSelfSigned(CA.issue(CA.certificate().getSubjectX500Principal().getName()).build().certificate()))
			.as("issuer name equals subject, signed by another key")
			.isFalse();
	}

	static String mismatch(Kind kind, String value) {
		return CertificateIdentities.mismatch(TlsClientIdentity.of(kind, value), CERTIFICATE).orElse(null);
	}

}
