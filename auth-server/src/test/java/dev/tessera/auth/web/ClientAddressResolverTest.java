package dev.tessera.auth.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressResolverTest {

	final ClientAddressResolver resolver = new ClientAddressResolver(List.of("10.0.0.0/8", "192.168.1.5"));

	@Test
	void forwardedForIsBelievedOnlyFromTrustedProxies() {
		assertThat(this.resolver.resolve("203.0.113.9", "198.51.100.1")).as("untrusted peer").isEqualTo("203.0.113.9");
		assertThat(this.resolver.resolve("10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
		assertThat(this.resolver.resolve("10.1.2.3", "6.6.6.6, 198.51.100.1, 192.168.1.5"))
			.as("right-most untrusted hop; earlier entries are client-controlled")
			.isEqualTo("198.51.100.1");
		assertThat(this.resolver.resolve("10.1.2.3", "not-an-ip")).isEqualTo("10.1.2.3");
		assertThat(this.resolver.resolve("10.1.2.3", null)).isEqualTo("10.1.2.3");
	}

	@Test
	void trustedProxiesAreTheConfiguredAddressesAndRangesOnly() {
		assertThat(this.resolver.isTrustedProxy("10.1.2.3")).isTrue();
		assertThat(this.resolver.isTrustedProxy("192.168.1.5")).isTrue();
		assertThat(this.resolver.isTrustedProxy("192.168.1.6")).isFalse();
		assertThat(this.resolver.isTrustedProxy("localhost")).as("never a name lookup").isFalse();
		assertThat(this.resolver.isTrustedProxy(null)).isFalse();
		assertThat(new ClientAddressResolver(List.of()).isTrustedProxy("10.1.2.3")).isFalse();
	}

	@Test
	void correlationIdsAreValidatedOrGenerated() {
		assertThat(CorrelationIds.resolve("abc-123", null)).isEqualTo("abc-123");
		assertThat(CorrelationIds.resolve("has space", null)).matches("[0-9a-f]{32}");
		assertThat(CorrelationIds.resolve(null, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
			.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
		assertThat(CorrelationIds.resolve(null, "00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
			.matches("[0-9a-f]{32}");
	}

}
