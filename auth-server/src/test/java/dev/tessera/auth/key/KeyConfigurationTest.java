package dev.tessera.auth.key;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.config.TesseraProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The start-up rule that protects resource servers' caches, on the settings as Spring
 * binds them (no context, no database): a JWKS cache lifetime plus the nodes' refresh
 * interval at least as long as the pre-publication lead stops the start.
 */
class KeyConfigurationTest {

	@Test
	void aJwksCacheLifetimeLongerThanThePrePublicationLeadIsRefused() {
		assertThatIllegalStateException()
			.isThrownBy(() -> lifecycle(Map.of("tessera.keys.jwks-max-age", "2d", "tessera.keys.prepublish", "1d")))
			.withMessageContaining("must be shorter than tessera.keys.prepublish");
	}

	@Test
	void theRefreshIntervalCountsWithTheCacheLifetime() {
		// 50 s of cache and 10 s of refresh reach a 60 s lead exactly: a key could sign
		// before every cache has it
		assertThatIllegalStateException()
			.isThrownBy(() -> lifecycle(Map.of("tessera.keys.jwks-max-age", "50s", "tessera.keys.refresh-interval",
					"10s", "tessera.keys.prepublish", "60s", "tessera.keys.rotation-period", "1h")))
			.withMessageContaining("tessera.keys.refresh-interval (PT10S)");
		assertThat(lifecycle(Map.of("tessera.keys.jwks-max-age", "49s", "tessera.keys.refresh-interval", "10s",
				"tessera.keys.prepublish", "60s", "tessera.keys.rotation-period", "1h")))
			.isNotNull();
	}

	@Test
	void aReplacedKeyStaysPublishedForTheLongestTokenPlusCacheAndRefresh() {
		KeyLifecycle lifecycle = lifecycle(Map.of());
		java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00Z");
		// the defaults: 1 h tokens, 1 h JWKS cache, 10 s refresh
		assertThat(lifecycle.retiresAt(now)).isEqualTo(now.plus(Duration.ofHours(2)).plusSeconds(10));
	}

	private static KeyLifecycle lifecycle(Map<String, String> settings) {
		TesseraProperties properties = new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("tessera",
				TesseraProperties.class);
		return new KeyConfiguration().keyLifecycle(properties);
	}

}
