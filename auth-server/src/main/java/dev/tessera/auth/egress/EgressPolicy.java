package dev.tessera.auth.egress;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which URLs the server may call (contract, "Outbound calls"): https only; outside
 * production mode also http to a loopback address, so tests can serve keys locally; no
 * user info; never a link-local, any-local or multicast destination (the cloud metadata
 * service lives at 169.254.169.254), nor a loopback one in production mode.
 *
 * <p>{@link #parse} checks what the URL itself says and needs no DNS, so it can run at
 * registration time; {@link #checkDestination} resolves the host right before a call and
 * checks every address it resolves to.
 */
public final class EgressPolicy {

	/** Well-known metadata services that do not sit in a link-local range. */
	private static final Set<String> METADATA_ADDRESSES = Set.of("fd00:ec2:0:0:0:0:0:254", "100.100.100.200");

	private static final Pattern DOTTED_QUAD = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");

	/** All-numeric or hex hosts other than a dotted quad ({@code 2130706433}, {@code 0x7f.1}). */
	private static final Pattern OTHER_NUMERIC_HOST = Pattern.compile("(?i)^(0x[0-9a-f]+|[0-9]+)(\\.(0x[0-9a-f]+|[0-9]+))*\\.?$");

	private final boolean allowLoopback;

	/**
	 * @param allowLoopback whether loopback destinations (and plain http to them) are
	 * allowed: true outside production mode only
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
		boolean loopbackName = isLoopbackName(host);
		InetAddress literal = literalAddress(host);
		if (scheme.equals("http")) {
			boolean loopback = loopbackName || (literal != null && literal.isLoopbackAddress());
			if (!this.allowLoopback || !loopback) {
				throw new IllegalArgumentException("The URL must use https"
						+ (this.allowLoopback ? " (http is allowed to a loopback address only)"
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
	 * Resolves the URL's host and checks every address: called right before each call.
	 * @throws EgressException if the host does not resolve or any address is refused
	 */
	public void checkDestination(URI uri) {
		String host = uri.getHost();
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(stripBrackets(host));
		}
		catch (UnknownHostException ex) {
			throw new EgressException("Cannot resolve host '" + host + "'");
		}
		boolean plainHttp = "http".equalsIgnoreCase(uri.getScheme());
		for (InetAddress address : addresses) {
			String problem = problemWith(address);
			if (problem != null) {
				throw new EgressException("Refused: '" + host + "' resolves to " + problem);
			}
			if (plainHttp && !address.isLoopbackAddress()) {
				throw new EgressException("Refused: http is allowed to a loopback address only, and '" + host
						+ "' resolves to " + address.getHostAddress());
			}
		}
	}

	/** Why this destination is refused, or null if it is fine. */
	private String problemWith(InetAddress address) {
		if (address.isAnyLocalAddress()) {
			return "an any-local address (" + address.getHostAddress() + ")";
		}
		if (address.isLinkLocalAddress() || METADATA_ADDRESSES.contains(address.getHostAddress())) {
			return "a link-local or metadata address (" + address.getHostAddress() + ")";
		}
		if (address.isMulticastAddress()) {
			return "a multicast address (" + address.getHostAddress() + ")";
		}
		if (address.isLoopbackAddress() && !this.allowLoopback) {
			return "a loopback address (" + address.getHostAddress() + "), not allowed in production mode";
		}
		return null;
	}

	private static boolean isLoopbackName(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		return name.equals("localhost") || name.endsWith(".localhost");
	}

	/** The address if the host is an IP literal (no DNS query is made), else null. */
	private static InetAddress literalAddress(String host) {
		try {
			if (host.startsWith("[")) {
				return InetAddress.getByName(stripBrackets(host)); // an IPv6 literal: never a DNS query
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

	private static String stripBrackets(String host) {
		return (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
	}

}
