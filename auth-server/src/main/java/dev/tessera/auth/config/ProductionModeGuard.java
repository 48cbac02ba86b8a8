package dev.tessera.auth.config;

import java.util.List;

import dev.tessera.auth.config.TesseraProperties.Mode;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start in production mode ({@code TESSERA_MODE=production}) while any
 * development default or unsafe setting would be used ({@link ProductionChecks} lists
 * them). Every violation is listed at once, each with what to set, before anything is
 * started or written.
 *
 * <p>
 * The mode is read the way {@link TesseraProperties} binds it (relaxed binding, so
 * {@code PRODUCTION} and {@code prod-uction} are production too), and a value that binds
 * to no mode stops the start: a typo must never fall back to development.
 *
 * <p>
 * The checks are the server's: {@link DatabaseMigration}, started from the same image
 * (and so in production mode) by the Kubernetes migration Job, holds only the owner
 * role's credentials and serves nothing, so an application whose source is
 * {@code DatabaseMigration} is not checked here; it checks its own URL and user.
 */
public class ProductionModeGuard implements EnvironmentPostProcessor, Ordered {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (mode(environment) != Mode.PRODUCTION || isDatabaseMigration(application)) {
			return;
		}
		List<String> violations = violations(environment);
		if (!violations.isEmpty()) {
			throw new IllegalStateException(
					"Production mode refuses the development defaults:\n  - " + String.join("\n  - ", violations));
		}
	}

	private static boolean isDatabaseMigration(SpringApplication application) {
		return application != null && application.getAllSources().contains(DatabaseMigration.class);
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
		return new ProductionChecks(environment).violations();
	}

	@Override
	public int getOrder() {
		// after the configuration files and the config tree have been read
		return Ordered.LOWEST_PRECEDENCE;
	}

}
