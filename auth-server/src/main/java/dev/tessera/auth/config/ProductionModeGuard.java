package dev.tessera.auth.config;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Refuses to start in production mode ({@code TESSERA_MODE=production}) while any
 * development default would be used: the embedded PostgreSQL, a generated
 * key-encryption key, or a plain-http issuer. Every violation is listed at once, before
 * anything is started or written.
 */
public class ProductionModeGuard implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String mode = environment.getProperty("tessera.mode", "dev");
		if (!"production".equalsIgnoreCase(mode.trim())) {
			return;
		}
		List<String> violations = violations(environment);
		if (!violations.isEmpty()) {
			throw new IllegalStateException("Production mode refuses the development defaults:\n  - "
					+ String.join("\n  - ", violations));
		}
	}

	static List<String> violations(ConfigurableEnvironment environment) {
		List<String> violations = new ArrayList<>();
		if (!StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
			violations.add("no database is configured (the embedded PostgreSQL is for development): "
					+ "set SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD");
		}
		if (!StringUtils.hasText(environment.getProperty("tessera.keys.encryption-key"))
				&& !StringUtils.hasText(environment.getProperty("tessera.keys.encryption-key-file"))) {
			violations.add("no key-encryption key is configured (a generated one is for development): "
					+ "set TESSERA_KEYS_ENCRYPTION_KEY or TESSERA_KEYS_ENCRYPTION_KEY_FILE, or mount it in the config tree");
		}
		String issuer = environment.getProperty("tessera.issuer", "");
		if (!issuer.startsWith("https://")) {
			violations.add("the issuer '" + issuer + "' is not an https URL: set TESSERA_ISSUER");
		}
		return violations;
	}

	@Override
	public int getOrder() {
		// after the configuration files and the config tree have been read
		return Ordered.LOWEST_PRECEDENCE;
	}

}
