package dev.tessera.auth.config;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The legacy client-assertion audience is off unless an operator turns it on. */
class ClientAssertionSettingsTest {

	@Test
	void theTokenEndpointAudienceIsOffByDefault() {
		assertThat(bind(Map.of()).clientAssertions().acceptTokenEndpointAudience()).isFalse();
	}

	@Test
	void theTokenEndpointAudienceCanBeTurnedOn() {
		assertThat(bind(Map.of("tessera.client-assertions.accept-token-endpoint-audience", "true")).clientAssertions()
			.acceptTokenEndpointAudience()).isTrue();
	}

	static TesseraProperties bind(Map<String, String> properties) {
		return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("tessera",
				TesseraProperties.class);
	}

}
