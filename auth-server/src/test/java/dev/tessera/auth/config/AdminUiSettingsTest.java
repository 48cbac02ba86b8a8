package dev.tessera.auth.config;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.auth.config.TesseraProperties.AdminUi;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's base URL, from which its redirect and post-logout URIs are derived, is an
 * absolute http(s) URL and nothing more: a path, query or fragment would make those URIs
 * wrong, so the start stops and names the variable.
 */
class AdminUiSettingsTest {

	@Test
	void theDefaultsAreTheDevelopmentConsole() {
		AdminUi adminUi = bind(Map.of()).adminUi();

		assertThat(adminUi.url()).isEqualTo("http://127.0.0.1:9001");
		assertThat(adminUi.clientId()).isEqualTo("tessera-admin-ui");
		assertThat(adminUi.redirectUri()).isEqualTo("http://127.0.0.1:9001/login/oauth2/code/tessera");
		assertThat(adminUi.postLogoutRedirectUri()).isEqualTo("http://127.0.0.1:9001/");
	}

	@Test
	void aTrailingSlashIsTheSameBaseUrl() {
		AdminUi adminUi = bind(
				Map.of("tessera.admin-ui.url", "https://console.example.com/", "tessera.admin-ui.client-id", "console"))
			.adminUi();

		assertThat(adminUi.url()).isEqualTo("https://console.example.com");
		assertThat(adminUi.clientId()).isEqualTo("console");
		assertThat(adminUi.redirectUri()).isEqualTo("https://console.example.com/login/oauth2/code/tessera");
		assertThat(adminUi.postLogoutRedirectUri()).isEqualTo("https://console.example.com/");
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1:9001", "ftp://console.example.com", "https://console.example.com/admin",
			"https://console.example.com/?x=1", "https://console.example.com#top", "https://user@console.example.com",
			"http:///nohost", "https://exa mple.com", " " })
	void anythingButABaseUrlStopsTheStart(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> new AdminUi(url, "tessera-admin-ui"))
			.withMessageStartingWith("TESSERA_ADMIN_UI_URL ");
		assertThatThrownBy(() -> bind(Map.of("tessera.admin-ui.url", url))).isInstanceOf(BindException.class)
			.hasRootCauseMessage(new AdminUiProblem(url).message());
	}

	@Test
	void aBlankClientIdStopsTheStart() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AdminUi("http://127.0.0.1:9001", " "))
			.withMessage("TESSERA_ADMIN_UI_CLIENT_ID must not be blank");
	}

	private static TesseraProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("tessera",
				TesseraProperties.class);
	}

	/** The message the record gives for a URL, to compare with what binding reports. */
	private record AdminUiProblem(String url) {

		String message() {
			try {
				new AdminUi(this.url, "tessera-admin-ui");
				return null;
			}
			catch (IllegalArgumentException ex) {
				return ex.getMessage();
			}
		}

	}

}
