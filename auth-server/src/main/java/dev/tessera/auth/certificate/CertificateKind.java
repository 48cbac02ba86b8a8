package dev.tessera.auth.certificate;

/**
 * Why Tessera knows a certificate: it serves it ({@code server}, each certificate of its
 * TLS chain), it trusts client certificates issued under it ({@code client-ca}, from
 * {@code TESSERA_TLS_CLIENT_CAS}), or a client registered it ({@code client}, the
 * {@code x5c} of a key in the client's inline JWKS).
 */
public enum CertificateKind {

	SERVER("server"), CLIENT_CA("client-ca"), CLIENT("client");

	private final String value;

	CertificateKind(String value) {
		this.value = value;
	}

	/** The kind as the admin API, the audit trail and the metric tags name it. */
	public String value() {
		return this.value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
