package dev.tessera.admin.clients;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.admin.web.FormProblems;

/**
 * The details page's "certificate authentication" form of a client that authenticates
 * with a TLS certificate: the identity its {@code tls_client_auth} certificate is
 * recognised by (kind and value) and whether its tokens are bound to the certificate.
 */
public class CertificateForm {

	static final String BOUND = "certificateBoundTokens";

	private String tlsIdentityKind = CertificateIdentity.DEFAULT_KIND;

	private String tlsIdentity = "";

	private boolean certificateBoundTokens;

	/** The form filled with the client's current identity and binding. */
	static CertificateForm of(ClientView client) {
		CertificateForm form = new CertificateForm();
		CertificateIdentity.Registered identity = client.certificateIdentity();
		if (identity != null) {
			form.setTlsIdentityKind(identity.kind());
			form.setTlsIdentity(identity.value());
		}
		form.setCertificateBoundTokens(client.certificateBoundTokens());
		return form;
	}

	/** The problems the console finds before asking the API: a kind it does not know. */
	Map<String, String> check(ClientView client) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (client.usesTlsClientAuth() && !CertificateIdentity.isKind(this.tlsIdentityKind)) {
			errors.put(CertificateIdentity.FIELD, "choose what the certificate is recognised by");
		}
		return errors;
	}

	/**
	 * The PATCH body: the binding, and for a {@code tls_client_auth} client the identity
	 * (the chosen kind set, the others cleared; an empty value is sent as such, for the
	 * API to say it is needed).
	 */
	Map<String, Object> toPatch(ClientView client) {
		Map<String, Object> patch = new LinkedHashMap<>();
		if (client.usesTlsClientAuth()) {
			patch.putAll(CertificateIdentity.patch(this.tlsIdentityKind, this.tlsIdentity.strip()));
		}
		patch.put(BOUND, this.certificateBoundTokens);
		return patch;
	}

	/**
	 * The API's problems as this form shows them: the identity's and the binding's next
	 * to their fields, any other (say, about the client's methods) above the form.
	 */
	static Map<String, String> errors(Map<String, String> problems) {
		Map<String, String> errors = new LinkedHashMap<>();
		List<String> others = new ArrayList<>();
		CertificateIdentity.errors(problems).forEach((field, message) -> {
			if (CertificateIdentity.FIELD.equals(field) || BOUND.equals(field)) {
				errors.put(field, message);
			}
			else {
				others.add(FormProblems.FORM.equals(field) ? message : field + ": " + message);
			}
		});
		if (!others.isEmpty()) {
			errors.put(FormProblems.FORM, String.join("; ", others));
		}
		return errors;
	}

	public String getTlsIdentityKind() {
		return this.tlsIdentityKind;
	}

	public void setTlsIdentityKind(String tlsIdentityKind) {
		this.tlsIdentityKind = (tlsIdentityKind != null && !tlsIdentityKind.isBlank()) ? tlsIdentityKind
				: CertificateIdentity.DEFAULT_KIND;
	}

	public String getTlsIdentity() {
		return this.tlsIdentity;
	}

	public void setTlsIdentity(String tlsIdentity) {
		this.tlsIdentity = (tlsIdentity != null) ? tlsIdentity : "";
	}

	public boolean isCertificateBoundTokens() {
		return this.certificateBoundTokens;
	}

	public void setCertificateBoundTokens(boolean certificateBoundTokens) {
		this.certificateBoundTokens = certificateBoundTokens;
	}

}
