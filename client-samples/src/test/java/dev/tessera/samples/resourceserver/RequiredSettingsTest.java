package dev.tessera.samples.resourceserver;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.tessera.samples.support.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sample refuses to start without the settings it cannot guess, and says which
 * variable to set: no {@code SAMPLE_AUDIENCE} (there is no default, so no two copies of
 * the sample accept each other's tokens), an audience that is not a URL (it is also the
 * {@code resource} of the RFC 9728 metadata), and in the {@code tls} profile each
 * {@code SAMPLE_TLS_*} file left unset, which Spring Boot alone would report as a file
 * that does not exist, or not at all. Every setting under test is passed explicitly,
 * empty where it is meant to be missing, so a variable exported in the environment
 * running the build cannot change the outcome. No Tessera is needed: the sample fails
 * while starting.
 */
class RequiredSettingsTest {

	private static final String AUDIENCE = "https://orders.example.test";

	private static final List<String> TLS_VARIABLES = List.of("SAMPLE_TLS_CERTIFICATE", "SAMPLE_TLS_PRIVATE_KEY",
			"SAMPLE_TLS_CLIENT_CAS");

	@TempDir
	Path dir;

	@Test
	void withoutAnAudienceTheSampleStopsNamingIt() {
		assertStartRefused(List.of("--sample.audience="), "SAMPLE_AUDIENCE (sample.audience) must be set");
	}

	@Test
	void anAudienceThatIsNotAUrlIsRefused() {
		assertStartRefused(List.of("--sample.audience=orders-api"),
				"SAMPLE_AUDIENCE (sample.audience) must be an absolute http(s) URL");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SAMPLE_TLS_CERTIFICATE", "SAMPLE_TLS_PRIVATE_KEY", "SAMPLE_TLS_CLIENT_CAS" })
	void theTlsProfileWithoutAFileStopsNamingItsVariable(String unset) throws IOException {
		TestCertificates ca = new TestCertificates();
		TestCertificates.Issued server = ca.server();
		List<String> files = List.of(
				TestCertificates.writePem(this.dir.resolve("chain.pem"), server.certificate(), ca.certificate())
					.toString(),
				TestCertificates.writeKey(this.dir.resolve("key.pem"), server.keys()).toString(),
				TestCertificates.writePem(this.dir.resolve("client-cas.pem"), ca.certificate()).toString());
		List<String> args = new ArrayList<>(List.of("--spring.profiles.active=tls", "--sample.audience=" + AUDIENCE));
		for (int i = 0; i < TLS_VARIABLES.size(); i++) {
			String variable = TLS_VARIABLES.get(i);
			args.add("--" + variable + "=" + (variable.equals(unset) ? "" : files.get(i)));
		}

		Throwable failure = startRefused(args);

		assertThat(failure).hasMessageContaining("The tls profile needs the path of each PEM file; not set: " + unset);
		// only the one left unset is named
		TLS_VARIABLES.stream()
			.filter((variable) -> !variable.equals(unset))
			.forEach((variable) -> assertThat(failure.getMessage()).doesNotContain(variable));
	}

	private static void assertStartRefused(List<String> args, String message) {
		assertThat(startRefused(args)).hasMessageContaining(message);
	}

	/** The most specific cause of the sample's failure to start with {@code args}. */
	private static Throwable startRefused(List<String> args) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1"));
		all.addAll(args);
		Throwable[] failure = new Throwable[1];
		// closed at once should it start after all, failing the test
		assertThatThrownBy(
				() -> new SpringApplicationBuilder(ResourceServerSample.class).run(all.toArray(String[]::new)).close())
			.satisfies((ex) -> failure[0] = NestedExceptionUtils.getMostSpecificCause(ex));
		return failure[0];
	}

}
