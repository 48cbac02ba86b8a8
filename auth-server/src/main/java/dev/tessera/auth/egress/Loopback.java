package dev.tessera.auth.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What counts as this machine, the one place that decides it: the names {@code localhost}
 * and any name under {@code .localhost} (RFC 6761 §6.3), in any case and with or without
 * the final dot; the IPv4 block 127.0.0.0/8; the IPv6 address {@code ::1}; and an
 * IPv4-mapped IPv6 address ({@code ::ffff:127.x.y.z}) judged by the IPv4 address it
 * carries. A numeric host in any other form than four decimal parts ({@code 127.1},
 * {@code 2130706433}, {@code 0x7f.0.0.1}) is not loopback: resolvers disagree on what it
 * means, and the egress rules refuse it outright.
 *
 * <p>
 * Outbound calls ({@link EgressPolicy}: plain http only to loopback outside production
 * mode) and client registration (http redirect URIs only to loopback) both ask here, so a
 * URL one calls local the other does too. It lives in {@code egress}, which knows no
 * feature and which the client package already uses. No DNS query is ever made.
 */
public final class Loopback {

	private static final Pattern DOTTED_QUAD = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");

	/**
	 * The characters of an IPv6 literal, zone included: parsing such text never queries
	 * DNS.
	 */
	private static final Pattern IPV6_LITERAL = Pattern.compile("^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z._-]+)?$");

	private static final byte[] IPV6_LOOPBACK = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };

	private Loopback() {
	}

	/**
	 * Whether a URL's host, as {@link java.net.URI#getHost()} gives it (a name, a dotted
	 * quad or a bracketed IPv6 literal), is this machine.
	 */
	public static boolean isHost(String host) {
		if (host == null || host.isEmpty()) {
			return false;
		}
		if (isName(host)) {
			return true;
		}
		InetAddress literal = literal(host);
		return literal != null && isAddress(literal);
	}

	/** Whether the host is {@code localhost} or a name under {@code .localhost}. */
	public static boolean isName(String host) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		return name.equals("localhost") || name.endsWith(".localhost");
	}

	/**
	 * Whether the address is in 127.0.0.0/8 or is {@code ::1}, IPv4-mapped forms
	 * included.
	 */
	public static boolean isAddress(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 16 && isIpv4Mapped(bytes)) {
			bytes = Arrays.copyOfRange(bytes, 12, 16);
		}
		if (bytes.length == 4) {
			return bytes[0] == 127;
		}
		return Arrays.equals(bytes, IPV6_LOOPBACK);
	}

	private static boolean isIpv4Mapped(byte[] bytes) {
		for (int i = 0; i < 10; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
	}

	/**
	 * The address a literal host names; null for a name or a numeric form other than a
	 * dotted quad.
	 */
	private static InetAddress literal(String host) {
		String text = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		try {
			Matcher quad = DOTTED_QUAD.matcher(text);
			if (quad.matches()) {
				byte[] bytes = new byte[4];
				for (int i = 0; i < 4; i++) {
					int part = Integer.parseInt(quad.group(i + 1));
					if (part > 255) {
						return null;
					}
					bytes[i] = (byte) part;
				}
				return InetAddress.getByAddress(bytes);
			}
			if (IPV6_LITERAL.matcher(text).matches()) {
				return InetAddress.getByName(text);
			}
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return null; // not an address literal Java accepts
		}
		return null;
	}

}
