package dev.tessera.auth.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which addresses the server may connect to, as a table: in production mode global
 * unicast only; outside it also loopback and the local networks; the special-purpose
 * blocks never, in whatever IPv4 or IPv6 spelling.
 */
class EgressPolicyTest {

	static final EgressPolicy PRODUCTION = new EgressPolicy(false);

	static final EgressPolicy DEVELOPMENT = new EgressPolicy(true);

	@ParameterizedTest(name = "{0}: production {1}, development {2}")
	@CsvSource(delimiter = '|', textBlock = """
			# address                      | production | development | why
			8.8.8.8                        | allowed    | allowed     | global unicast
			93.184.216.34                  | allowed    | allowed     | global unicast
			2606:4700:4700::1111           | allowed    | allowed     | global unicast
			2a00:1450:4001:80b::200e       | allowed    | allowed     | global unicast
			127.0.0.1                      | loopback   | allowed     | loopback
			127.8.9.10                     | loopback   | allowed     | loopback
			::1                            | loopback   | allowed     | loopback
			10.0.0.1                       | private    | allowed     | RFC 1918
			172.16.0.1                     | private    | allowed     | RFC 1918
			172.31.255.254                 | private    | allowed     | RFC 1918
			192.168.1.1                    | private    | allowed     | RFC 1918
			100.64.0.1                     | shared     | allowed     | RFC 6598
			100.127.255.254                | shared     | allowed     | RFC 6598
			fc00::1                        | unique-local | allowed   | RFC 4193
			fd12:3456:789a::1              | unique-local | allowed   | RFC 4193
			100.100.100.200                | metadata   | metadata    | Alibaba metadata
			fd00:ec2::254                  | metadata   | metadata    | AWS metadata over IPv6
			169.254.169.254                | link-local | link-local  | metadata service
			fe80::1                        | link-local | link-local  | IPv6 link-local
			fec0::1                        | site-local | site-local  | deprecated site-local
			0.0.0.0                        | any-local  | any-local   | this network
			0.1.2.3                        | any-local  | any-local   | this network
			::                             | any-local  | any-local   | unspecified
			198.18.0.1                     | benchmarking | benchmarking | RFC 2544
			198.19.255.254                 | benchmarking | benchmarking | RFC 2544
			192.0.2.1                      | documentation | documentation | TEST-NET-1
			198.51.100.7                   | documentation | documentation | TEST-NET-2
			203.0.113.9                    | documentation | documentation | TEST-NET-3
			2001:db8::1                    | documentation | documentation | IPv6 documentation
			3fff::1                        | documentation | documentation | IPv6 documentation (RFC 9637)
			192.0.0.8                      | IETF protocol | IETF protocol | IETF protocol assignments
			192.88.99.1                    | 6to4       | 6to4        | 6to4 relay anycast
			224.0.0.1                      | multicast  | multicast   | IPv4 multicast
			239.255.255.250                | multicast  | multicast   | SSDP
			ff02::1                        | multicast  | multicast   | IPv6 multicast
			255.255.255.255                | broadcast  | broadcast   | limited broadcast
			240.0.0.1                      | reserved   | reserved    | class E
			64:ff9b::a00:1                 | NAT64      | NAT64       | NAT64 of 10.0.0.1
			64:ff9b::808:808               | NAT64      | NAT64       | NAT64 even of a public address
			64:ff9b:1::1                   | NAT64      | NAT64       | local-use NAT64
			2002:a00:1::1                  | 6to4       | 6to4        | 6to4 of 10.0.0.1
			2001::1                        | Teredo     | Teredo      | Teredo
			2001:2::1                      | IETF protocol | IETF protocol | IPv6 benchmarking
			100::1                         | discard-only | discard-only | discard prefix
			5f00::1                        | segment routing | segment routing | SRv6
			::ffff:10.0.0.1                | private    | allowed     | IPv4-mapped RFC 1918
			::ffff:a9fe:a9fe               | link-local | link-local  | IPv4-mapped metadata, hex
			::ffff:127.0.0.1               | loopback   | allowed     | IPv4-mapped loopback
			::ffff:8.8.8.8                 | allowed    | allowed     | IPv4-mapped global
			::10.0.0.1                     | not global unicast | not global unicast | IPv4-compatible (deprecated)
			::8.8.8.8                      | not global unicast | not global unicast | IPv4-compatible (deprecated)
			4000::1                        | not global unicast | not global unicast | outside 2000::/3
			""")
	void addresses(String address, String production, String development, String why) throws Exception {
		assertVerdict(PRODUCTION, address, production);
		assertVerdict(DEVELOPMENT, address, development);
	}

	@Test
	void ipv4MappedAddressesAreJudgedByTheirIpv4AddressEvenAsRawIpv6Bytes() throws Exception {
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		mapped[12] = (byte) 192;
		mapped[13] = (byte) 168;
		mapped[15] = 1;
		InetAddress address = java.net.Inet6Address.getByAddress(null, mapped, -1);
		assertThat(PRODUCTION.problemWith(address)).contains("private");
	}

	@Test
	void registrationRefusesLiteralAddressesOfTheSameKinds() {
		assertThatIllegalArgumentException().isThrownBy(() -> PRODUCTION.parse("https://10.1.2.3/jwks"))
			.withMessageContaining("private");
		assertThatIllegalArgumentException().isThrownBy(() -> PRODUCTION.parse("https://[fd00::1]/jwks"))
			.withMessageContaining("unique-local");
		assertThatIllegalArgumentException().isThrownBy(() -> PRODUCTION.parse("https://[::ffff:192.168.0.1]/jwks"))
			.withMessageContaining("private");
		assertThatIllegalArgumentException().isThrownBy(() -> PRODUCTION.parse("https://100.64.1.1/jwks"))
			.withMessageContaining("shared");
		assertThatIllegalArgumentException().isThrownBy(() -> DEVELOPMENT.parse("https://198.18.0.1/jwks"))
			.withMessageContaining("benchmarking");
		assertThat(PRODUCTION.parse("https://8.8.8.8/jwks")).hasHost("8.8.8.8");
		assertThat(DEVELOPMENT.parse("https://10.1.2.3/jwks")).hasHost("10.1.2.3");
	}

	@Test
	void everyResolvedAddressMustPassAndPlainHttpMustStayOnLoopback() throws Exception {
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		InetAddress global = InetAddress.getByName("8.8.8.8");
		InetAddress privateAddress = InetAddress.getByName("10.0.0.1");
		assertThatNoException().isThrownBy(() -> PRODUCTION.check("keys.example", new InetAddress[] { global }, false));
		assertThatThrownBy(() -> PRODUCTION.check("keys.example", new InetAddress[] { global, privateAddress }, false))
			.isInstanceOf(EgressException.class)
			.hasMessageContaining("keys.example")
			.hasMessageContaining("10.0.0.1");
		assertThatNoException().isThrownBy(() -> DEVELOPMENT.check("localhost", new InetAddress[] { loopback }, true));
		assertThatThrownBy(() -> DEVELOPMENT.check("localhost", new InetAddress[] { loopback, global }, true))
			.isInstanceOf(EgressException.class)
			.hasMessageContaining("http is allowed to a loopback address only");
		assertThatThrownBy(() -> PRODUCTION.check("keys.example", new InetAddress[0], false))
			.isInstanceOf(EgressException.class)
			.hasMessageContaining("Cannot resolve");
	}

	static void assertVerdict(EgressPolicy policy, String address, String expected) throws UnknownHostException {
		String problem = policy.problemWith(InetAddress.getByName(address));
		if (expected.equals("allowed")) {
			assertThat(problem).as(address).isNull();
		}
		else {
			assertThat(problem).as(address).isNotNull().contains(expected);
		}
	}

}
