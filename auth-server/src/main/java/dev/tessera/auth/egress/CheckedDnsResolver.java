package dev.tessera.auth.egress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;

/**
 * The HTTP client's only way to resolve a host: asks the {@link HostResolver} once,
 * refuses the whole answer unless {@link EgressPolicy} allows every address, and hands
 * the client exactly those addresses to connect to. There is no second lookup between the
 * check and the connection for a rebinding DNS server to answer differently; the client
 * still verifies the TLS certificate (and sends SNI) for the host name of the URL, not
 * for the address.
 */
final class CheckedDnsResolver implements DnsResolver {

	private final EgressPolicy policy;

	private final HostResolver resolver;

	private final boolean plainHttp;

	/**
	 * @param plainHttp whether the call is plain http, which may go to loopback only
	 */
	CheckedDnsResolver(EgressPolicy policy, HostResolver resolver, boolean plainHttp) {
		this.policy = policy;
		this.resolver = resolver;
		this.plainHttp = plainHttp;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		String name = EgressPolicy.stripBrackets(host);
		InetAddress[] addresses = this.resolver.resolve(name);
		this.policy.check(name, addresses, this.plainHttp);
		return addresses.clone();
	}

	@Override
	public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
		return Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
	}

	/**
	 * Never a reverse or canonical-name lookup: the name stays the one that was checked.
	 */
	@Override
	public String resolveCanonicalHostname(String host) {
		return host;
	}

}
