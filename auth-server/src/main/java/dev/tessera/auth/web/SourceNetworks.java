package dev.tessera.auth.web;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The network a source address stands for, as the throttles count it: an IPv4 address as
 * it is; an IPv6 address as its /64 prefix (one host or network usually holds a whole
 * /64, so counting single IPv6 addresses would give an attacker 2^64 fresh counters); an
 * IPv4-mapped IPv6 address as its IPv4 address; anything else as given, trimmed, lower
 * case and cut to {@value #MAX_LENGTH} characters. Pure text work: never a DNS lookup.
 */
public final class SourceNetworks {

	private static final int MAX_LENGTH = 200;

	/** Precompiled: {@link String#matches} would compile its pattern on every call. */
	private static final Pattern HEX_GROUP = Pattern.compile("[0-9a-f]{1,4}");

	private static final Pattern OCTET = Pattern.compile("[0-9]{1,3}");

	private SourceNetworks() {
	}

	/** The key of the address's network (an empty string for no address). */
	public static String of(String address) {
		String text = (address != null) ? address.strip().toLowerCase(Locale.ROOT) : "";
		if (text.length() > MAX_LENGTH) {
			text = text.substring(0, MAX_LENGTH);
		}
		if (text.indexOf(':') < 0) {
			return text;
		}
		int[] groups = ipv6Groups(text);
		if (groups == null) {
			return text;
		}
		if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0
				&& groups[5] == 0xffff) {
			return (groups[6] >> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >> 8) + "." + (groups[7] & 0xff);
		}
		return Integer.toHexString(groups[0]) + ':' + Integer.toHexString(groups[1]) + ':'
				+ Integer.toHexString(groups[2]) + ':' + Integer.toHexString(groups[3]) + "::/64";
	}

	/** The eight 16-bit groups of an IPv6 literal, or null if it is not one. */
	private static int[] ipv6Groups(String literal) {
		String text = literal;
		if (text.startsWith("[") && text.endsWith("]")) {
			text = text.substring(1, text.length() - 1);
		}
		int zone = text.indexOf('%');
		if (zone >= 0) {
			text = text.substring(0, zone);
		}
		int gap = text.indexOf("::");
		if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
			return null;
		}
		int[] head = (gap >= 0) ? parseGroups(text.substring(0, gap)) : parseGroups(text);
		int[] tail = (gap >= 0) ? parseGroups(text.substring(gap + 2)) : new int[0];
		if (head == null || tail == null) {
			return null;
		}
		int total = head.length + tail.length;
		if ((gap < 0 && total != 8) || (gap >= 0 && total > 7)) {
			return null;
		}
		int[] groups = new int[8];
		System.arraycopy(head, 0, groups, 0, head.length);
		System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
		return groups;
	}

	/** Colon-separated hex groups, the last of which may be a dotted IPv4 address. */
	private static int[] parseGroups(String text) {
		if (text.isEmpty()) {
			return new int[0];
		}
		String[] parts = text.split(":", -1);
		int ipv4 = parts[parts.length - 1].contains(".") ? 1 : 0;
		int[] groups = new int[parts.length + ipv4];
		for (int i = 0; i < parts.length - ipv4; i++) {
			if (!HEX_GROUP.matcher(parts[i]).matches()) {
				return null;
			}
			groups[i] = Integer.parseInt(parts[i], 16);
		}
		if (ipv4 == 1) {
			String[] octets = parts[parts.length - 1].split("\\.", -1);
			if (octets.length != 4) {
				return null;
			}
			int[] bytes = new int[4];
			for (int i = 0; i < 4; i++) {
				if (!OCTET.matcher(octets[i]).matches() || Integer.parseInt(octets[i]) > 255) {
					return null;
				}
				bytes[i] = Integer.parseInt(octets[i]);
			}
			groups[parts.length - 1] = (bytes[0] << 8) | bytes[1];
			groups[parts.length] = (bytes[2] << 8) | bytes[3];
		}
		return groups;
	}

}
