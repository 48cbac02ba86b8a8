package dev.tessera.admin.clients;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The certificate identity of a {@code tls_client_auth} client as the console handles it
 * (RFC 8705 §2.1.2): one kind (subject DN or one kind of subject alternative name) and
 * its value. The admin API has a field per kind ({@code tlsSubjectDn}, {@code tlsSanDns},
 * ...); the forms have one choice of kind and one value, so the API's problems with any
 * of those fields are shown next to the value ({@link #errors}).
 */
public final class CertificateIdentity {

	/** The form field of the value, and the key its problems are shown under. */
	public static final String FIELD = "tlsIdentity";

	/** The kind preselected: the subject DN, the usual identity of a partner. */
	public static final String DEFAULT_KIND = "tlsSubjectDn";

	/** The admin API field of each kind, with its label, in the order offered. */
	public static final Map<String, String> KINDS = kinds();

	/** The certificate authentication methods (RFC 8705). */
	static final String TLS_CLIENT_AUTH = "tls_client_auth";

	static final String SELF_SIGNED = "self_signed_tls_client_auth";

	private CertificateIdentity() {
	}

	/** Whether the authentication method is one of the certificate methods. */
	public static boolean isCertificateMethod(String method) {
		return TLS_CLIENT_AUTH.equals(method) || SELF_SIGNED.equals(method);
	}

	/** Whether the kind is one of {@link #KINDS}. */
	static boolean isKind(String kind) {
		return kind != null && KINDS.containsKey(kind);
	}

	/**
	 * The problems with the API's identity fields moved under {@link #FIELD}, the others
	 * as they are; a refusal naming two kinds (two set at once) keeps the first message.
	 */
	public static Map<String, String> errors(Map<String, String> errors) {
		Map<String, String> shown = new LinkedHashMap<>();
		errors.forEach((field, message) -> {
			if (KINDS.containsKey(field)) {
				shown.putIfAbsent(FIELD, message);
			}
			else {
				shown.put(field, message);
			}
		});
		return shown;
	}

	/**
	 * A {@code PATCH} body's identity fields: the chosen kind's value, every other kind
	 * cleared by an explicit {@code null}, so that moving from one kind to another leaves
	 * exactly one set.
	 */
	static Map<String, Object> patch(String kind, String value) {
		Map<String, Object> fields = new LinkedHashMap<>();
		KINDS.keySet().forEach(field -> fields.put(field, field.equals(kind) ? value : null));
		return fields;
	}

	/**
	 * The registered identity of a client.
	 *
	 * @param kind the admin API field that is set (a key of {@link #KINDS})
	 * @param value its value
	 */
	public record Registered(String kind, String value) {

		/** The kind's label, as in "Subject DN". */
		public String label() {
			return KINDS.get(this.kind);
		}

	}

	private static Map<String, String> kinds() {
		Map<String, String> kinds = new LinkedHashMap<>();
		kinds.put("tlsSubjectDn", "Subject DN");
		kinds.put("tlsSanDns", "DNS name (SAN)");
		kinds.put("tlsSanUri", "URI (SAN)");
		kinds.put("tlsSanIp", "IP address (SAN)");
		kinds.put("tlsSanEmail", "E-mail address (SAN)");
		return Collections.unmodifiableMap(kinds);
	}

}
