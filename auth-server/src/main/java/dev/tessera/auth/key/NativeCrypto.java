package dev.tessera.auth.key;

import java.security.Provider;
import java.security.Security;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Puts the Amazon Corretto Crypto Provider (AWS-LC behind the JCA) ahead of the JDK's
 * providers when its native library loads on this platform. The token endpoint's cost is
 * one signature, and an RSA-2048 signature takes about 45 % less CPU there than in the
 * JDK's {@code SunRsaSign} (about 2,500 against 1,400 RS256 JWTs/s on two cores of the
 * reference machine, Java 25); HMAC, AES-GCM and ECDSA move too. The library is built for
 * Linux x86-64 (the dependency's classifier); elsewhere the JDK signs.
 * <p>
 * It runs as an {@link EnvironmentPostProcessor} so the provider is in place before any
 * key object exists: a key made by one provider and used by another is translated on
 * every use. Where the library cannot load (another platform, a temporary directory
 * mounted {@code noexec}) the JDK's providers stay and the reason is logged;
 * {@code tessera.keys.native-crypto=false} keeps them by choice, for instance where only
 * a validated JDK provider is allowed. Which provider signs is visible as the
 * {@code tessera_keys_signing_provider} metric.
 */
public class NativeCrypto implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "tessera.keys.native-crypto";

	private final Log log;

	public NativeCrypto(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(NativeCrypto.class);
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty(PROPERTY, Boolean.class, true)) {
			this.log.info("Native crypto is off (" + PROPERTY + "=false): the JDK's providers sign");
			return;
		}
		if (isFirst()) {
			return;
		}
		Throwable loadingError = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
		if (loadingError != null) {
			this.log.warn("The Amazon Corretto Crypto Provider did not load on this platform, so the JDK's "
					+ "providers sign (slower): " + loadingError);
			return;
		}
		Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME); // registered
																				// lower
																				// down:
																				// move it
																				// first
		AmazonCorrettoCryptoProvider.install();
		this.log.info("Signing with the Amazon Corretto Crypto Provider "
				+ AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr());
	}

	private static boolean isFirst() {
		Provider[] providers = Security.getProviders();
		return providers.length > 0 && providers[0] == AmazonCorrettoCryptoProvider.INSTANCE;
	}

	@Override
	public int getOrder() {
		// after the configuration files and the config tree have been read, like the
		// production guard
		return Ordered.LOWEST_PRECEDENCE;
	}

}
