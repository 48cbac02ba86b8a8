package dev.tessera.auth.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.tessera.auth.config.TesseraProperties.Mode;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Refuses to start in production mode ({@code TESSERA_MODE=production}) while any
 * development default would be used: the embedded PostgreSQL, a generated key-encryption
 * key, a KEK file others can read, or a plain-http issuer. Every violation is listed at
 * once, before anything is started or written.
 *
 * <p>
 * The mode is read the way {@link TesseraProperties} binds it (relaxed binding, so
 * {@code PRODUCTION} and {@code prod-uction} are production too), and a value that binds
 * to no mode stops the start: a typo must never fall back to development.
 */
public class ProductionModeGuard implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (mode(environment) != Mode.PRODUCTION) {
			return;
		}
		List<String> violations = violations(environment);
		if (!violations.isEmpty()) {
			throw new IllegalStateException(
					"Production mode refuses the development defaults:\n  - " + String.join("\n  - ", violations));
		}
	}

	static Mode mode(ConfigurableEnvironment environment) {
		try {
			return Binder.get(environment).bind("tessera.mode", Mode.class).orElse(Mode.DEV);
		}
		catch (BindException ex) {
			throw new IllegalStateException(
					"Unknown TESSERA_MODE '" + environment.getProperty("tessera.mode") + "': use 'dev' or 'production'",
					ex);
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
		String kekFile = environment.getProperty("tessera.keys.encryption-key-file");
		if (StringUtils.hasText(kekFile)
				&& !StringUtils.hasText(environment.getProperty("tessera.keys.encryption-key"))) {
			String exposure = exposure(Path.of(kekFile.trim()));
			if (exposure != null) {
				violations.add("the key-encryption key file " + kekFile.trim() + " " + exposure
						+ ": make it readable by the server's user only (chmod 600 or 400)");
			}
		}
		String issuer = environment.getProperty("tessera.issuer", "");
		if (!issuer.startsWith("https://")) {
			violations.add("the issuer '" + issuer + "' is not an https URL: set TESSERA_ISSUER");
		}
		return violations;
	}

	/**
	 * Why a KEK file is exposed to other users, or null when only its owner can read it.
	 */
	static String exposure(Path file) {
		Set<PosixFilePermission> permissions;
		try {
			permissions = Files.getPosixFilePermissions(file);
		}
		catch (UnsupportedOperationException ex) {
			return null; // not a POSIX file system: nothing to check
		}
		catch (IOException ex) {
			return "cannot be read (" + ex.getClass().getSimpleName() + ")";
		}
		List<String> granted = new ArrayList<>();
		for (PosixFilePermission permission : permissions) {
			String name = permission.name();
			if (name.startsWith("GROUP_") || name.startsWith("OTHERS_")) {
				granted.add(name.toLowerCase(java.util.Locale.ROOT));
			}
		}
		return granted.isEmpty() ? null
				: "grants rights to other users (" + String.join(", ", granted.stream().sorted().toList()) + ")";
	}

	@Override
	public int getOrder() {
		// after the configuration files and the config tree have been read
		return Ordered.LOWEST_PRECEDENCE;
	}

}
