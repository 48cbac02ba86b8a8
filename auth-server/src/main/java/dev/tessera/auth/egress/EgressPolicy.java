package dev.tessera.auth.egress;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which URLs the server may call, and which addresses it may connect to (contract,
 * "Outbound calls"): https only; outside production mode also http to a loopback address,
 * so tests can serve keys locally; no user info, no fragment.
 *
 * <p>
 * In production mode the only destinations are global unicast addresses: every block of
 * the IANA special-purpose registries is refused (private RFC 1918 and unique-local
 * networks, shared 100.64/10, loopback, link-local, the cloud metadata services,
 * benchmarking, documentation, NAT64, 6to4, Teredo, multicast, broadcast, reserved), as
 * is every IPv6 address outside 2000::/3; IPv4-mapped IPv6 addresses are judged by the
 * IPv4 address they carry. Outside production mode loopback and the local networks (RFC
 * 1918, 100.64/10, fc00::/7) are allowed as well, for a partner's key server on a
 * developer's machine or container network; the special blocks stay refused.
 *
 * <p>
 * {@link #parse} checks what the URL itself says and needs no DNS, so it can run at
 * registration time; {@link #check} judges the addresses a host resolved to, right before
 * a connection is made to exactly those addresses.
 */
public final class EgressPolicy {

	/** Refused in every mode: never a destination for a key set. */
	private static final List<AddressBlock> SPECIAL = List.of(
			AddressBlock.of("100.100.100.200/32", "a metadata service address"),
			AddressBlock.of("fd00:ec2::254/128", "a metadata service address"),
			AddressBlock.of("0.0.0.0/8", "an any-local ('this network') address"),
			AddressBlock.of("169.254.0.0/16", "a link-local or metadata address"),
			AddressBlock.of("192.0.0.0/24", "an IETF protocol assignment address"),
			AddressBlock.of("192.0.2.0/24", "a documentation address"),
			AddressBlock.of("198.51.100.0/24", "a documentation address"),
			AddressBlock.of("203.0.113.0/24", "a documentation address"),
			AddressBlock.of("192.88.99.0/24", "a 6to4 relay anycast address"),
			AddressBlock.of("198.18.0.0/15", "a benchmarking address"),
			AddressBlock.of("224.0.0.0/4", "a multicast address"),
			AddressBlock.of("255.255.255.255/32", "the broadcast address"),
			AddressBlock.of("240.0.0.0/4", "a reserved address"), AddressBlock.of("::/128", "an any-local address"),
			AddressBlock.of("64:ff9b::/96", "a NAT64 address"), AddressBlock.of("64:ff9b:1::/48", "a NAT64 address"),
			AddressBlock.of("100::/64", "a discard-only address"),
			AddressBlock.of("2001:db8::/32", "a documentation address"),
			AddressBlock.of("2001::/23", "an IETF protocol assignment address (Teredo, benchmarking, ...)"),
			AddressBlock.of("2002::/16", "a 6to4 address"), AddressBlock.of("3fff::/20", "a documentation address"),
			AddressBlock.of("5f00::/16", "a segment routing address"),
			AddressBlock.of("fe80::/10", "a link-local address"), AddressBlock.of("fec0::/10", "a site-local address"),
			AddressBlock.of("ff00::/8", "a multicast address"));

	/** Refused in production mode; allowed outside it, with loopback. */
	private static final List<AddressBlock> LOCAL = List.of(AddressBlock.of("127.0.0.0/8", "a loopback address"),
			AddressBlock.of("::1/128", "a loopback address"), AddressBlock.of("10.0.0.0/8", "a private address"),
			AddressBlock.of("172.16.0.0/12", "a private address"),
			AddressBlock.of("192.168.0.0/16", "a private address"),
			AddressBlock.of("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
			AddressBlock.of("fc00::/7", "a unique-local address"));

	/** IPv6 global unicast; anything outside it is not a public destination. */
	private static final AddressBlock GLOBAL_UNICAST_V6 = AddressBlock.of("2000::/3", "global unicast");

	/**
	 * {@code ::ffff:0:0/96}: an IPv4 address written as IPv6 (built from bytes: Java
	 * would parse the text as the IPv4 address 0.0.0.0).
	 */
	private static final AddressBlock IPV4_MAPPED = new AddressBlock(
			new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0, 0, 0 }, 96,
			"an IPv4-mapped address");

	private static final Pattern DOTTED_QUAD = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");

	/**
	 * All-numeric or hex hosts other than a dotted quad ({@code 2130706433},
	 * {@code 0x7f.1}).
	 */
	private static final Pattern OTHER_NUMERIC_HOST = Pattern
		.compile("(?i)^(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*\\.?$");

	/**
	 * Whether loopback and local-network destinations are allowed (outside production).
	 */
	private final boolean allowLoopback;

	/**
	 * @param allowLoopback whether loopback and local-network destinations (and plain
	 * http to loopback) are allowed: true outside production mode only
	 */
	public EgressPolicy(boolean allowLoopback) {
		this.allowLoopback = allowLoopback;
	}

	/**
	 * The URL as a {@link URI} if its form is acceptable.
	 * @throws IllegalArgumentException saying what is wrong with it
	 */
	public URI parse(String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("A URL is required");
		}
		URI uri;
		try {
			uri = new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Not a valid URL: " + ex.getReason());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : null;
		if (scheme == null || !uri.isAbsolute() || uri.isOpaque()) {
			throw new IllegalArgumentException("The URL must be an absolute https URL");
		}
		if (!scheme.equals("https") && !scheme.equals("http")) {
			throw new IllegalArgumentException("Only https URLs are allowed, not '" + scheme + "'");
		}
		if (uri.getRawUserInfo() != null) {
			throw new IllegalArgumentException("The URL must not contain user info (credentials before '@')");
		}
		String host = uri.getHost();
		if (host == null || host.isEmpty()) {
			throw new IllegalArgumentException("The URL must name a valid host");
		}
		if (uri.getRawFragment() != null) {
			throw new IllegalArgumentException("The URL must not contain a fragment");
		}
		boolean loopbackName = Loopback.isName(host);
		InetAddress literal = literalAddress(host);
		if (scheme.equals("http")) {
			boolean loopback = loopbackName || (literal != null && Loopback.isAddress(literal));
			if (!this.allowLoopback || !loopback) {
				throw new IllegalArgumentException(
						"The URL must use https" + (this.allowLoopback ? " (http is allowed to a loopback address only)"
								: " (http is not allowed in production mode)"));
			}
		}
		if (loopbackName && !this.allowLoopback) {
			throw new IllegalArgumentException("The URL must not point to a loopback address in production mode");
		}
		if (literal != null) {
			String problem = problemWith(literal);
			if (problem != null) {
				throw new IllegalArgumentException("The URL must not point to " + problem);
			}
		}
		return uri;
	}

	/**
	 * Judges the addresses a host resolved to, before any connection: every one must be
	 * allowed, and for plain http (to a loopback name) every one must be loopback.
	 * @param host the name that was resolved, for the message
	 * @throws EgressException if there is no address or any is refused
	 */
	public void check(String host, InetAddress[] addresses, boolean plainHttp) {
		if (addresses == null || addresses.length == 0) {
			throw new EgressException("Cannot resolve host '" + host + "'");
		}
		for (InetAddress address : addresses) {
			String problem = problemWith(address);
			if (problem != null) {
				throw new EgressException("Refused: '" + host + "' resolves to " + problem);
			}
			if (plainHttp && !Loopback.isAddress(address)) {
				throw new EgressException("Refused: http is allowed to a loopback address only, and '" + host
						+ "' resolves to " + address.getHostAddress());
			}
		}
	}

	/** Why a connection to this address is refused, or null if it is allowed. */
	String problemWith(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 16 && IPV4_MAPPED.contains(bytes)) {
			bytes = Arrays.copyOfRange(bytes, 12, 16);
		}
		String shown = address.getHostAddress();
		for (AddressBlock block : SPECIAL) {
			if (block.contains(bytes)) {
				return block.name() + " (" + shown + ")";
			}
		}
		for (AddressBlock block : LOCAL) {
			if (block.contains(bytes)) {
				return this.allowLoopback ? null : block.name() + " (" + shown + "), not allowed in production mode";
			}
		}
		if (bytes.length == 16 && !GLOBAL_UNICAST_V6.contains(bytes)) {
			return "an address that is not global unicast (" + shown + ")";
		}
		return null;
	}

	/** The address if the host is an IP literal (no DNS query is made), else null. */
	private static InetAddress literalAddress(String host) {
		try {
			if (host.startsWith("[")) {
				return InetAddress.getByName(stripBrackets(host)); // an IPv6 literal:
																	// never a DNS query
			}
			Matcher quad = DOTTED_QUAD.matcher(host);
			if (quad.matches()) {
				byte[] bytes = new byte[4];
				for (int i = 0; i < 4; i++) {
					int part = Integer.parseInt(quad.group(i + 1));
					if (part > 255) {
						throw new IllegalArgumentException("The URL's host is not a valid IPv4 address: " + host);
					}
					bytes[i] = (byte) part;
				}
				return InetAddress.getByAddress(bytes);
			}
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("The URL's host is not a valid IP address: " + host);
		}
		if (OTHER_NUMERIC_HOST.matcher(host).matches()) {
			throw new IllegalArgumentException(
					"The URL's host is an ambiguous numeric address; write IPv4 addresses as four decimal parts");
		}
		return null;
	}

	static String stripBrackets(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

}
