package dev.tessera.auth.egress;

import java.net.Inet6Address;
import java.net.InetAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The one loopback rule: names, 127.0.0.0/8, ::1 and IPv4-mapped forms; no DNS. */
class LoopbackTest {

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "LOCALHOST", "localhost.", "api.localhost", "a.b.Localhost.", "127.0.0.1",
			"127.0.0.0", "127.255.255.255", "127.8.9.10", "[::1]", "::1", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]",
			"[::ffff:7f00:1]", "[::ffff:127.9.9.9]" })
	void theseAreThisMachine(String host) {
		assertThat(Loopback.isHost(host)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "example.com", "localhost.example.com", "mylocalhost", "localhost.evil", "128.0.0.1",
			"126.255.255.255", "10.0.0.1", "0.0.0.0", "[::]", "[::2]", "[::ffff:10.0.0.1]", "[::127.0.0.1]", "127.1",
			"2130706433", "0x7f.0.0.1", "0177.0.0.1", "127.0.0.256", "[fe80::1]", "", "[not:an:address]" })
	void theseAreNot(String host) {
		assertThat(Loopback.isHost(host)).isFalse();
	}

	@Test
	void addressesAreJudgedByWhatTheyCarry() throws Exception {
		assertThat(Loopback.isAddress(InetAddress.getByName("127.3.2.1"))).isTrue();
		assertThat(Loopback.isAddress(InetAddress.getByName("::1"))).isTrue();
		assertThat(Loopback.isAddress(InetAddress.getByName("192.0.2.1"))).isFalse();
		// an IPv4-mapped address kept in IPv6 form, as a resolver may hand it over
		byte[] mapped = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1 };
		InetAddress inet6 = Inet6Address.getByAddress(null, mapped, -1);
		assertThat(inet6).isInstanceOf(Inet6Address.class);
		assertThat(inet6.isLoopbackAddress()).as("Java alone says no").isFalse();
		assertThat(Loopback.isAddress(inet6)).isTrue();
		mapped[12] = 10;
		assertThat(Loopback.isAddress(Inet6Address.getByAddress(null, mapped, -1))).isFalse();
	}

	@Test
	void egressLetsPlainHttpReachAMappedLoopbackAddress() throws Exception {
		byte[] mapped = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1 };
		InetAddress inet6 = Inet6Address.getByAddress(null, mapped, -1);
		assertThatNoException()
			.isThrownBy(() -> new EgressPolicy(true).check("localhost", new InetAddress[] { inet6 }, true));
	}

}
