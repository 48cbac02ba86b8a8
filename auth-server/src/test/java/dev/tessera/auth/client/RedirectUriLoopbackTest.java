package dev.tessera.auth.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.egress.EgressPolicy;
import dev.tessera.auth.egress.Loopback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A redirect URI may use plain http exactly where an outbound call may (outside
 * production mode): both ask {@link Loopback}, so they give the same answer for every
 * host, including the ones they used to disagree on ({@code foo.localhost},
 * {@code localhost.}, {@code 127.1}, {@code 2130706433}).
 */
class RedirectUriLoopbackTest {

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "LocalHost", "localhost.", "app.localhost", "127.0.0.1", "127.1.2.3", "[::1]",
			"[::ffff:127.0.0.1]", "127.1", "2130706433", "0x7f.0.0.1", "example.com", "10.0.0.1", "[::ffff:10.0.0.1]",
			"[::2]", "localhost.example.com" })
	void redirectUrisAndOutboundCallsAgreeOnPlainHttp(String host) {
		boolean redirectAllowed = ClientRules.redirectUriProblem("http://" + host + "/callback").isEmpty();
		boolean egressAllowed;
		try {
			new EgressPolicy(true).parse("http://" + host + "/jwks");
			egressAllowed = true;
		}
		catch (IllegalArgumentException ex) {
			egressAllowed = false;
		}
		assertThat(redirectAllowed).as("redirect URI").isEqualTo(egressAllowed).isEqualTo(Loopback.isHost(host));
	}

}
