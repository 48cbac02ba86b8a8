package dev.tessera.auth.client;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.egress.Loopback;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A redirect URI may use plain http only on the loopback IP literals {@code 127.0.0.1}
 * and {@code [::1]} (RFC 8252 §7.3, §8.3), a narrower set than what {@link Loopback}
 * calls this machine (and outbound calls may reach): names such as {@code localhost},
 * other addresses of 127.0.0.0/8, other spellings of {@code ::1}, and numeric forms
 * resolvers disagree on ({@code 127.1}, {@code 2130706433}) are all refused.
 */
class RedirectUriLoopbackTest {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:53682" })
	void theLoopbackIpLiteralsMayUsePlainHttp(String host) {
		assertThat(ClientRules.redirectUriProblem("http://" + host + "/callback")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "LocalHost", "localhost.", "app.localhost", "127.1.2.3", "[::ffff:127.0.0.1]",
			"[0:0:0:0:0:0:0:1]", "127.1", "2130706433", "0x7f.0.0.1", "example.com", "10.0.0.1", "[::ffff:10.0.0.1]",
			"[::2]", "localhost.example.com" })
	void everyOtherHostIsRefusedOverPlainHttp(String host) {
		assertThat(ClientRules.redirectUriProblem("http://" + host + "/callback")).isPresent();
	}

	@ParameterizedTest
	@ValueSource(strings = { "localhost", "app.localhost", "127.0.0.1", "[::1]", "example.com", "10.0.0.1" })
	void overHttpsTheHostIsFree(String host) {
		assertThat(ClientRules.redirectUriProblem("https://" + host + "/callback")).isEmpty();
	}

}
