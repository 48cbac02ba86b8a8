package dev.tessera.auth.web;

import java.util.List;
import java.util.regex.Pattern;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The caller's address for the audit trail: the TCP peer, unless the peer is one of the
 * configured trusted proxies, in which case the right-most {@code X-Forwarded-For} entry
 * that is not itself a trusted proxy. A client cannot forge its address by sending the
 * header directly.
 */
public final class ClientAddressResolver {

	/**
	 * A dotted quad, or something with a colon (IPv6): never a host name, so never a DNS
	 * lookup.
	 */
	private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*");

	private final List<IpAddressMatcher> trustedProxies;

	/**
	 * @param trustedProxies addresses or CIDR ranges, e.g. {@code 10.0.0.0/8}
	 */
	public ClientAddressResolver(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().filter(s -> !s.isBlank()).map(IpAddressMatcher::new).toList();
	}

	public String resolve(String remoteAddr, String forwardedFor) {
		if (forwardedFor == null || this.trustedProxies.isEmpty() || !isTrusted(remoteAddr)) {
			return remoteAddr;
		}
		String[] hops = forwardedFor.split(",");
		for (int i = hops.length - 1; i >= 0; i--) {
			String hop = hops[i].trim();
			if (!isIpLiteral(hop)) {
				return remoteAddr;
			}
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return remoteAddr;
	}

	/**
	 * Whether {@code remoteAddr} (the TCP peer) is one of the trusted proxies, whose
	 * forwarding headers are believed: {@code X-Forwarded-For} here, a forwarded client
	 * certificate elsewhere.
	 */
	public boolean isTrustedProxy(String remoteAddr) {
		return !this.trustedProxies.isEmpty() && isTrusted(remoteAddr);
	}

	private boolean isTrusted(String address) {
		if (address == null || !isIpLiteral(address)) {
			return false;
		}
		for (IpAddressMatcher matcher : this.trustedProxies) {
			try {
				if (matcher.matches(address)) {
					return true;
				}
			}
			catch (IllegalArgumentException ex) {
				return false; // not an address the matcher can parse
			}
		}
		return false;
	}

	private static boolean isIpLiteral(String value) {
		return !value.isEmpty() && value.length() <= 45 && IP_LITERAL.matcher(value).matches();
	}

}
