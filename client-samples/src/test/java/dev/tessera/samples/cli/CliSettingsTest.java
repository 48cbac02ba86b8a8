package dev.tessera.samples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Where the tool looks for its settings: {@code TESSERA_CLI_CONFIG_DIR} first, then
 * {@code $XDG_CONFIG_HOME/tessera-cli} (only when absolute, as the XDG specification
 * says), then {@code ~/.config/tessera-cli}; defaults for the issuer, client and scope;
 * and that an issuer the tool may not send secrets to (plain http to another host, user
 * info, a query) stops it before anything is sent.
 */
class CliSettingsTest {

	private static final Path HOME = Path.of("/home/ada");

	@Test
	void readsTheEnvironment() {
		CliSettings settings = CliSettings
			.fromEnvironment(Map.of("TESSERA_ISSUER", "https://tessera.example.test", "TESSERA_CLI_CLIENT_ID", "cli",
					"TESSERA_CLI_SCOPE", "sample:read other", "TESSERA_CLI_CONFIG_DIR", "/etc/cli"), HOME);
		assertThat(settings.issuer().getValue()).isEqualTo("https://tessera.example.test");
		assertThat(settings.clientId().getValue()).isEqualTo("cli");
		assertThat(settings.scope().toStringList()).containsExactly("sample:read", "other");
		assertThat(settings.configDirectory()).isEqualTo(Path.of("/etc/cli"));
	}

	@Test
	void hasDefaults() {
		CliSettings settings = CliSettings.fromEnvironment(Map.of(), HOME);
		assertThat(settings.issuer().getValue()).isEqualTo("http://localhost:9000");
		assertThat(settings.clientId().getValue()).isEqualTo("tessera-cli");
		assertThat(settings.scope().toStringList()).containsExactly("sample:read");
		assertThat(settings.configDirectory()).isEqualTo(Path.of("/home/ada/.config/tessera-cli"));
	}

	@Test
	void usesAnAbsoluteXdgConfigHomeOnly() {
		assertThat(CliSettings.configDirectory(Map.of("XDG_CONFIG_HOME", "/home/ada/cfg"), HOME))
			.isEqualTo(Path.of("/home/ada/cfg/tessera-cli"));
		assertThat(CliSettings.configDirectory(Map.of("XDG_CONFIG_HOME", "cfg"), HOME))
			.isEqualTo(Path.of("/home/ada/.config/tessera-cli"));
		assertThat(CliSettings
			.configDirectory(Map.of("XDG_CONFIG_HOME", "/home/ada/cfg", "TESSERA_CLI_CONFIG_DIR", "/tmp/cli"), HOME))
			.isEqualTo(Path.of("/tmp/cli"));
	}

	@Test
	void acceptsAnHttpsIssuerOrPlainHttpOnLoopbackOnly() {
		for (String issuer : List.of("https://tessera.example.test", "https://tessera.example.test/tenant",
				"http://localhost:9000", "http://127.0.0.1:9000", "http://[::1]:9000")) {
			assertThat(CliSettings.fromEnvironment(Map.of("TESSERA_ISSUER", issuer), HOME).issuer().getValue())
				.isEqualTo(issuer);
		}
	}

	@Test
	void refusesAnIssuerItMayNotSendSecretsTo() {
		for (String issuer : List.of("http://tessera.example.test", "http://10.0.0.7:9000", "ftp://localhost",
				"https://user:secret@tessera.example.test", "tessera.example.test")) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> CliSettings.fromEnvironment(Map.of("TESSERA_ISSUER", issuer), HOME))
				.as(issuer)
				.withMessageStartingWith("TESSERA_ISSUER")
				.withMessageContaining("use https")
				.withMessageNotContaining("secret@");
		}
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> CliSettings.fromEnvironment(Map.of("TESSERA_ISSUER", "https://t.example.test/?a=b"), HOME))
			.withMessageContaining("query or fragment");
	}

}
