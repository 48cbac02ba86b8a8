package dev.tessera.auth.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each production check on its own: a production-ready environment passes, and each
 * unsafe setting is named with what to set instead.
 */
class ProductionChecksTest {

	@TempDir
	Path dataDir;

	private MockEnvironment ready() throws Exception {
		byte[] kek = new byte[32];
		new SecureRandom().nextBytes(kek);
		Path kekFile = Files.createTempFile("kek", ".b64");
		Files.writeString(kekFile, Base64.getEncoder().encodeToString(kek));
		Files.setPosixFilePermissions(kekFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		return new MockEnvironment().withProperty("tessera.mode", "production")
			.withProperty("tessera.data-dir", this.dataDir.toString())
			.withProperty("tessera.issuer", "https://auth.example.test")
			.withProperty("spring.datasource.url", "jdbc:postgresql://db/tessera")
			.withProperty("tessera.keys.encryption-key-file", kekFile.toString())
			.withProperty("server.port", "9000")
			.withProperty("management.server.port", "9090")
			.withProperty("management.server.address", "10.1.2.3")
			.withProperty("tessera.bootstrap.client-secret", "mG7r0QvX2pLk9eT4sWz8bYc1nHj6fAuD3i")
			.withProperty("tessera.bootstrap.admin-password", "Vq8#zN2m!pR5tK7w");
	}

	private static List<String> violations(MockEnvironment environment) {
		return new ProductionChecks(environment).violations();
	}

	@Test
	void aProductionReadyEnvironmentPasses() throws Exception {
		assertThat(violations(ready())).isEmpty();
	}

	@Test
	void placeholderBootstrapCredentialsAreRefused() throws Exception {
		MockEnvironment environment = ready()
			.withProperty("tessera.bootstrap.client-secret", "change-me-change-me-change-me-change-me")
			.withProperty("tessera.bootstrap.admin-password", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1");
		assertThat(violations(environment)).hasSize(2)
			.anySatisfy(violation -> assertThat(violation)
				.startsWith("TESSERA_BOOTSTRAP_CLIENT_SECRET looks like a default")
				.contains("'changeme'")
				.contains("openssl rand"))
			.anySatisfy(violation -> assertThat(violation).startsWith("TESSERA_BOOTSTRAP_ADMIN_PASSWORD")
				.contains("distinct characters"));
	}

	@Test
	void aDevelopmentCredentialsFileInTheDataDirectoryIsRefused() throws Exception {
		Files.writeString(this.dataDir.resolve("bootstrap-client.properties"), "client_secret=x");
		assertThat(violations(ready())).singleElement()
			.satisfies(violation -> assertThat(violation).contains("bootstrap-client.properties")
				.contains("rotate them and delete the file"));
	}

	@Test
	void theDevelopmentKekAndAPlaceholderKekAreRefused() throws Exception {
		Path developmentKek = this.dataDir.resolve("kek");
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		Files.writeString(developmentKek, Base64.getEncoder().encodeToString(random));
		Files.setPosixFilePermissions(developmentKek,
				java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		assertThat(violations(ready().withProperty("tessera.keys.encryption-key-file", developmentKek.toString())))
			.singleElement()
			.satisfies(violation -> assertThat(violation).contains("where development mode generates its key"));

		MockEnvironment zeros = ready().withProperty("tessera.keys.encryption-key",
				Base64.getEncoder().encodeToString(new byte[32]));
		assertThat(violations(zeros)).singleElement()
			.satisfies(violation -> assertThat(violation).startsWith("TESSERA_KEYS_ENCRYPTION_KEY is not random"));
	}

	@Test
	void tlsBelowOnePointTwoIsRefusedWhereverItIsSet() throws Exception {
		MockEnvironment environment = ready();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("env",
					java.util.Map.of("SERVER_SSL_ENABLED_PROTOCOLS", "TLSv1.1,TLSv1.2")));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("bundle",
					java.util.Map.of("spring.ssl.bundle.pem.partner.options.enabled-protocols", "TLSv1.3, TLSv1")));
		assertThat(violations(environment)).hasSize(2)
			.anySatisfy(violation -> assertThat(violation)
				.isEqualTo("SERVER_SSL_ENABLED_PROTOCOLS allows TLSv1.1, older than TLS 1.2: "
						+ "allow only TLSv1.2 and TLSv1.3 (or leave it unset)"))
			.anySatisfy(violation -> assertThat(violation)
				.startsWith("spring.ssl.bundle.pem.partner.options.enabled-protocols allows TLSv1,"));

		MockEnvironment modern = ready().withProperty("server.ssl.enabled-protocols", "TLSv1.2,TLSv1.3")
			.withProperty("server.ssl.protocol", "TLS");
		assertThat(violations(modern)).as("TLS as the SSLContext name means 1.2 and 1.3").isEmpty();

		MockEnvironment yamlList = ready().withProperty("server.ssl.enabled-protocols[0]", "TLSv1.1")
			.withProperty("server.ssl.enabled-protocols[1]", "TLSv1.2");
		assertThat(violations(yamlList)).singleElement()
			.satisfies(violation -> assertThat(violation).startsWith("server.ssl.enabled-protocols[0] allows TLSv1.1"));

		MockEnvironment overridden = ready().withProperty("server.ssl.enabled-protocols", "TLSv1.2");
		overridden.getPropertySources()
			.addLast(new MapPropertySource("defaults", java.util.Map.of("server.ssl.enabled-protocols", "TLSv1")));
		assertThat(violations(overridden)).as("judged by the value that wins").isEmpty();
	}

	@Test
	void theManagementPortMustBeItsOwnAndBoundToOneInterfaceOrProtected() throws Exception {
		assertThat(violations(ready().withProperty("management.server.port", "9000"))).singleElement()
			.satisfies(violation -> assertThat(violation).contains("would be on the public port")
				.contains("TESSERA_MANAGEMENT_PORT"));

		MockEnvironment everyInterface = ready().withProperty("management.server.address", "0.0.0.0");
		assertThat(violations(everyInterface)).singleElement()
			.satisfies(violation -> assertThat(violation).contains("listens on every interface without credentials")
				.contains("TESSERA_MANAGEMENT_USERNAME")
				.contains("MANAGEMENT_SERVER_ADDRESS"));

		assertThat(violations(withoutAddress())).singleElement()
			.satisfies(violation -> assertThat(violation).contains("listens on every interface"));

		MockEnvironment protectedPort = withoutAddress().withProperty("tessera.management.username", "prometheus")
			.withProperty("tessera.management.password", "p9Zr2LxQ7vN4kT1wYs8bHc3m");
		assertThat(violations(protectedPort)).isEmpty();

		assertThat(violations(ready().withProperty("management.server.port", "-1"))).as("no management server")
			.isEmpty();
	}

	private MockEnvironment withoutAddress() throws Exception {
		MockEnvironment environment = ready();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("unset", java.util.Map.of("management.server.address", "")));
		return environment;
	}

}
