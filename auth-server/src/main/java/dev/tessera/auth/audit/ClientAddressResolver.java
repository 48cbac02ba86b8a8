package dev.tessera.auth.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The caller's address for the audit trail: the TCP peer, unless the peer is one of the
 * configured trusted proxies, in which case the right-most {@code X-Forwarded-For} entry
 * that is not itself a trusted proxy. A client cannot forge its address by sending the
 * header directly.
 */
public final class ClientAddressResolver {

	private final List<IpAddressMatcher> trustedProxies;

	/** @param trustedProxies addresses or CIDR ranges, e.g. {@code 10.0.0.0/8} */
	public ClientAddressResolver(List<String> trustedProxies) {
		this.trustedProxies = trustedProxies.stream().filter(s -> !s.isBlank()).map(IpAddressMatcher::new).toList();
	}

	public String resolve(String remoteAddr, String forwardedFor) {
		if (forwardedFor == null || !isTrusted(remoteAddr)) {
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

	private boolean isTrusted(String address) {
		return address != null && isIpLiteral(address)
				&& this.trustedProxies.stream().anyMatch(matcher -> matcher.matches(address));
	}

	private static boolean isIpLiteral(String value) {
		if (value.isEmpty() || value.length() > 45 || !value.matches("[0-9a-fA-F:.]+")) {
			return false;
		}
		try {
			InetAddress.getByName(value); // a literal: no lookup happens
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
