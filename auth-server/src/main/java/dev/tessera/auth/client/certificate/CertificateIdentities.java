package dev.tessera.auth.client.certificate;

import java.net.InetAddress;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.security.auth.x500.X500Principal;

import dev.tessera.auth.client.TlsClientIdentity;

/**
 * Whether a certificate carries the identity a {@code tls_client_auth} client registered
 * (RFC 8705 §2.1.2): the subject DN compared as an {@link X500Principal} (so spacing and
 * attribute-name case do not matter, order does), or one subject alternative name of the
 * registered kind: a DNS name ignoring case, a URI exactly, an IP address as an address
 * ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike), an e-mail address exactly.
 */
final class CertificateIdentities {

	private static final int SAN_EMAIL = 1;

	private static final int SAN_DNS = 2;

	private static final int SAN_URI = 6;

	private static final int SAN_IP = 7;

	private CertificateIdentities() {
	}

	/** Why the certificate is not the client's, or empty when it is. */
	static Optional<String> mismatch(TlsClientIdentity identity, X509Certificate certificate) {
		Optional<TlsClientIdentity.Entry> registered = identity.single();
		if (registered.isEmpty()) {
			return Optional.of("the client has no certificate identity registered (tlsSubjectDn or a SAN field)");
		}
		TlsClientIdentity.Entry entry = registered.get();
		return switch (entry.kind()) {
			case SUBJECT_DN -> subjectMatches(entry.value(), certificate) ? Optional.empty() : Optional
				.of("the client certificate's subject DN does not match the client's registered " + "tlsSubjectDn");
			case DNS -> sans(certificate, SAN_DNS).stream().anyMatch(name -> name.equalsIgnoreCase(entry.value()))
					? Optional.empty() : missing("DNS name", "tlsSanDns");
			case URI ->
				sans(certificate, SAN_URI).contains(entry.value()) ? Optional.empty() : missing("URI", "tlsSanUri");
			case IP -> ipMatches(entry.value(), sans(certificate, SAN_IP)) ? Optional.empty()
					: missing("IP address", "tlsSanIp");
			case EMAIL -> sans(certificate, SAN_EMAIL).contains(entry.value()) ? Optional.empty()
					: missing("e-mail address", "tlsSanEmail");
		};
	}

	private static Optional<String> missing(String kind, String field) {
		return Optional.of("the client certificate has no subject alternative name (" + kind
				+ ") matching the client's registered " + field);
	}

	private static boolean subjectMatches(String registered, X509Certificate certificate) {
		try {
			return new X500Principal(registered).equals(certificate.getSubjectX500Principal());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static boolean ipMatches(String registered, List<String> presented) {
		Optional<InetAddress> expected = TlsClientIdentity.parseAddress(registered);
		if (expected.isEmpty()) {
			return false;
		}
		return presented.stream()
			.map(TlsClientIdentity::parseAddress)
			.flatMap(Optional::stream)
			.anyMatch(expected.get()::equals);
	}

	private static List<String> sans(X509Certificate certificate, int type) {
		List<String> values = new ArrayList<>();
		Collection<List<?>> names;
		try {
			names = certificate.getSubjectAlternativeNames();
		}
		catch (CertificateParsingException ex) {
			return values;
		}
		if (names == null) {
			return values;
		}
		for (List<?> name : names) {
			if (name.size() >= 2 && name.get(0) instanceof Integer kind && kind == type
					&& name.get(1) instanceof String value) {
				values.add((type == SAN_DNS) ? value.toLowerCase(Locale.ROOT) : value);
			}
		}
		return values;
	}

}
