package dev.tessera.auth.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Addresses become the networks the throttles count: IPv4 as is, IPv6 by /64. */
class SourceNetworksTest {

	@Test
	void ipv4AsItIsIpv6AsItsSlash64() {
		assertThat(SourceNetworks.of("10.0.0.1")).isEqualTo("10.0.0.1");
		assertThat(SourceNetworks.of(" 10.0.0.1 ")).isEqualTo("10.0.0.1");
		assertThat(SourceNetworks.of("2001:0DB8:0001:0002:0:0:0:1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(SourceNetworks.of("2001:db8:1:2:ffff::9")).isEqualTo("2001:db8:1:2::/64");
		assertThat(SourceNetworks.of("[2001:db8:1:2::1%eth0]")).isEqualTo("2001:db8:1:2::/64");
		assertThat(SourceNetworks.of("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
		assertThat(SourceNetworks.of("not:an:address")).isEqualTo("not:an:address");
		assertThat(SourceNetworks.of(null)).isEmpty();
		assertThat(SourceNetworks.of("x".repeat(500))).hasSize(200);
	}

}
