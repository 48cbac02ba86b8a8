package dev.tessera.auth.key;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import com.nimbusds.jose.JWSAlgorithm;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the Amazon Corretto Crypto Provider (AWS-LC, see {@link NativeCrypto}) signs on
 * this node: the health component {@code nativeCrypto}, so an operator checking a new
 * image or platform sees it without reading the start-up log. {@code UP} when the native
 * provider loaded and signs; {@code UNKNOWN} when the JDK's providers sign, because
 * {@code tessera.keys.native-crypto=false} or because the library did not load (a
 * {@code noexec} temporary directory, a missing shared library). Never {@code DOWN}: the
 * node issues tokens either way, only slower, so the overall health stays {@code UP} and
 * the component is in no probe group.
 * <p>
 * Tessera's health endpoint shows statuses only ({@code show-details} is left at
 * {@code never}, as for every component): why the library did not load is in the start-up
 * log (a WARN of {@link NativeCrypto}). The details below ({@code loaded} and the
 * provider's {@code version}, or its {@code loadingError}, and the
 * {@code signingProvider} the JCA gives for the configured algorithm) are served only
 * where an operator sets {@code management.endpoint.health.show-details} themselves.
 */
public class NativeCryptoHealthIndicator implements HealthIndicator {

	private final boolean enabled;

	private final JWSAlgorithm algorithm;

	public NativeCryptoHealthIndicator(boolean enabled, JWSAlgorithm algorithm) {
		this.enabled = enabled;
		this.algorithm = algorithm;
	}

	@Override
	public Health health() {
		String signingProvider = KeyMetrics.signingProvider(this.algorithm);
		Health.Builder health = AmazonCorrettoCryptoProvider.PROVIDER_NAME.equals(signingProvider) ? Health.up()
				: Health.unknown();
		health.withDetail("signingProvider", signingProvider).withDetail("algorithm", this.algorithm.getName());
		if (!this.enabled) {
			// not even asked to load: the library is not extracted by choice
			return health.withDetail("enabled", false).build();
		}
		Throwable loadingError = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
		if (loadingError != null) {
			return health.withDetail("loaded", false).withDetail("loadingError", loadingError.toString()).build();
		}
		return health.withDetail("loaded", true)
			.withDetail("version", AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr())
			.build();
	}

}
