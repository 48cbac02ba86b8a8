package dev.tessera.samples.oauth2;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which URLs the samples send secrets and tokens to: any {@code https} URL, and plain
 * {@code http} to the loopback host names only, whatever their case; a plain {@code http}
 * URL to any other host (a name, another address, one that merely starts like a loopback
 * name), a URL without scheme or host, and text that is no URL are refused, naming the
 * setting and never echoing a password written into the URL.
 */
class HttpsOrLoopbackTest {

	@Test
	void httpsAnywhereAndHttpToLoopbackPass() {
		for (String url : new String[] { "https://tessera.example.com", "https://10.0.0.7:9443/oauth2/token",
				"http://localhost:9000", "http://127.0.0.1:8081/api", "http://[::1]:9000", "HTTP://LocalHost:9000" }) {
			assertThat(HttpsOrLoopback.check("setting", url)).isEqualTo(URI.create(url));
		}
	}

	@Test
	void httpToAnyOtherHostIsRefusedNamingTheSetting() {
		for (String url : new String[] { "http://tessera.example.com", "http://10.0.0.7:9000",
				"http://localhost.example.com", "http://127.0.0.2:8081", "ftp://localhost/x", "localhost:9000",
				"/oauth2/token" }) {
			assertThatIllegalArgumentException().isThrownBy(() -> HttpsOrLoopback.check("sample.api-url", url))
				.withMessageStartingWith("sample.api-url must be an https URL, or http to localhost");
		}
	}

	@Test
	void userInfoAndOtherSchemesAreNotAllowed() {
		assertThat(HttpsOrLoopback.allows(URI.create("https://user:pw@tessera.example.test/x"))).isFalse();
		assertThat(HttpsOrLoopback.allows(URI.create("http://user@127.0.0.1:9000/x"))).isFalse();
		assertThat(HttpsOrLoopback.allows(URI.create("file:///etc/passwd"))).isFalse();
		assertThat(HttpsOrLoopback.allows(URI.create("http://[::1]:8081/x"))).isTrue();
	}

	@Test
	void neverEchoesAPasswordInTheUrl() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HttpsOrLoopback.check("TESSERA_ISSUER", "http://me:s3cret@tessera.example.com/x"))
			.withMessageNotContaining("s3cret")
			.withMessageContaining("tessera.example.com");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HttpsOrLoopback.check("TESSERA_ISSUER", "http://me:s3cret@tessera example"))
			.withMessageNotContaining("s3cret")
			.withMessageStartingWith("TESSERA_ISSUER is not a URL");
	}

}
