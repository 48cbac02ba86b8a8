package dev.tessera.auth.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.security.auth.x500.X500Principal;

import dev.tessera.auth.problem.FieldProblem;

/**
 * How a {@code tls_client_auth} client's certificate is recognised (RFC 8705 §2.1.2): its
 * subject DN, or one subject alternative name of one kind (DNS name, URI, IP address or
 * e-mail address). A client registers exactly one of the five; a client that does not use
 * {@code tls_client_auth} registers none ({@link #NONE}). The certificate itself is never
 * registered: whatever a trusted CA issues with this identity is the client's.
 *
 * @param subjectDn the subject distinguished name ({@code tlsSubjectDn}), compared as an
 * {@link X500Principal}
 * @param sanDns a {@code dNSName} ({@code tlsSanDns}), compared ignoring case
 * @param sanUri a {@code uniformResourceIdentifier} ({@code tlsSanUri}), compared exactly
 * @param sanIp an {@code iPAddress} ({@code tlsSanIp}), an IPv4 or IPv6 literal compared
 * as an address
 * @param sanEmail an {@code rfc822Name} ({@code tlsSanEmail}), compared exactly
 */
public record TlsClientIdentity(String subjectDn, String sanDns, String sanUri, String sanIp, String sanEmail) {

	/** No certificate identity: a client that does not use {@code tls_client_auth}. */
	public static final TlsClientIdentity NONE = new TlsClientIdentity(null, null, null, null, null);

	private static final Pattern DNS_NAME = Pattern.compile(
			"(\\*\\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

	private static final Pattern IPV6_CHARACTERS = Pattern.compile("[0-9A-Fa-f:.]+");

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

	/** The kinds of identity, each with the admin API field that registers it. */
	public enum Kind {

		SUBJECT_DN("tlsSubjectDn"), DNS("tlsSanDns"), URI("tlsSanUri"), IP("tlsSanIp"), EMAIL("tlsSanEmail");

		private final String field;

		Kind(String field) {
			this.field = field;
		}

		/** The admin API field (and {@link FieldProblem} field) of this kind. */
		public String field() {
			return this.field;
		}

	}

	/** One registered value and its kind. */
	public record Entry(Kind kind, String value) {
	}

	/** The values that are set, in the order of {@link Kind}. */
	public List<Entry> entries() {
		List<Entry> entries = new ArrayList<>();
		add(entries, Kind.SUBJECT_DN, this.subjectDn);
		add(entries, Kind.DNS, this.sanDns);
		add(entries, Kind.URI, this.sanUri);
		add(entries, Kind.IP, this.sanIp);
		add(entries, Kind.EMAIL, this.sanEmail);
		return entries;
	}

	/** The one registered value, if exactly one is set. */
	public Optional<Entry> single() {
		List<Entry> entries = entries();
		return (entries.size() == 1) ? Optional.of(entries.get(0)) : Optional.empty();
	}

	public boolean isEmpty() {
		return entries().isEmpty();
	}

	/**
	 * The identity with the one value of this kind (null kind or value: {@link #NONE}).
	 */
	public static TlsClientIdentity of(Kind kind, String value) {
		if (kind == null || value == null) {
			return NONE;
		}
		return switch (kind) {
			case SUBJECT_DN -> new TlsClientIdentity(value, null, null, null, null);
			case DNS -> new TlsClientIdentity(null, value, null, null, null);
			case URI -> new TlsClientIdentity(null, null, value, null, null);
			case IP -> new TlsClientIdentity(null, null, null, value, null);
			case EMAIL -> new TlsClientIdentity(null, null, null, null, value);
		};
	}

	/** What is wrong with each value that is set, named by its field. */
	List<FieldProblem> valueProblems() {
		List<FieldProblem> problems = new ArrayList<>();
		for (Entry entry : entries()) {
			problemWith(entry).ifPresent(message -> problems.add(new FieldProblem(entry.kind().field(), message)));
		}
		return problems;
	}

	private static Optional<String> problemWith(Entry entry) {
		String value = entry.value();
		if (value.isBlank()) {
			return Optional.of("must not be blank");
		}
		if (ClientRules.hasControlCharacters(value)) {
			return Optional.of("must not contain control characters");
		}
		return switch (entry.kind()) {
			case SUBJECT_DN -> subjectDnProblem(value);
			case DNS -> (value.length() <= 253 && DNS_NAME.matcher(value).matches()) ? Optional.empty()
					: Optional.of("'" + value + "' is not a DNS name");
			case URI -> uriProblem(value);
			case IP -> parseAddress(value).isPresent() ? Optional.empty()
					: Optional.of("'" + value + "' is not an IPv4 or IPv6 address literal");
			case EMAIL -> (value.length() <= 254 && EMAIL.matcher(value).matches()) ? Optional.empty()
					: Optional.of("'" + value + "' is not an e-mail address");
		};
	}

	private static Optional<String> subjectDnProblem(String value) {
		if (value.length() > 1000) {
			return Optional.of("must be at most 1000 characters");
		}
		try {
			X500Principal principal = new X500Principal(value);
			if (principal.getEncoded().length <= 2) {
				return Optional.of("must name at least one attribute, as in 'CN=orders,O=Example'");
			}
			return Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.of("'" + value + "' is not a distinguished name (RFC 4514, as in 'CN=orders,O=Example')");
		}
	}

	private static Optional<String> uriProblem(String value) {
		if (value.length() > 2000) {
			return Optional.of("must be at most 2000 characters");
		}
		try {
			if (new URI(value).isAbsolute()) {
				return Optional.empty();
			}
		}
		catch (URISyntaxException ex) {
			// refused below
		}
		return Optional.of("'" + value + "' is not an absolute URI");
	}

	/**
	 * An IPv4 or IPv6 literal as an address, without asking DNS: anything but a literal
	 * is empty.
	 */
	public static Optional<InetAddress> parseAddress(String value) {
		if (value == null) {
			return Optional.empty();
		}
		boolean v4 = IPV4.matcher(value).matches();
		boolean v6 = value.indexOf(':') >= 0 && IPV6_CHARACTERS.matcher(value).matches();
		if (!v4 && !v6) {
			return Optional.empty(); // never a name: InetAddress would resolve it
		}
		try {
			return Optional.of(InetAddress.getByName(value));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	private static void add(List<Entry> entries, Kind kind, String value) {
		if (value != null) {
			entries.add(new Entry(kind, value));
		}
	}

}
