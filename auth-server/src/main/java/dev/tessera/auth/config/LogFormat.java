package dev.tessera.auth.config;

import java.util.Locale;
import java.util.Map;

import dev.tessera.auth.config.TesseraProperties.Mode;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Chooses the console log format before logging starts: {@code TESSERA_LOG_FORMAT}
 * ({@code tessera.log-format}) {@code json} writes one JSON object per line in the
 * Elastic Common Schema (Spring Boot's structured logging, {@code ecs}; {@code logstash}
 * and {@code gelf} are taken as they are), {@code text} the usual lines. Unset, a
 * production-mode server logs JSON (what a log collector reads) and a development server
 * text (what a person reads). Either way the request's correlation id is in every line it
 * logs ({@code correlationId}). An explicit {@code logging.structured.format.console}
 * wins.
 */
public class LogFormat implements EnvironmentPostProcessor, Ordered {

	static final String PROPERTY = "tessera.log-format";

	private static final String CONSOLE_FORMAT = "logging.structured.format.console";

	@Override
	public int getOrder() {
		// after the configuration files and the config tree have been read
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (StringUtils.hasText(environment.getProperty(CONSOLE_FORMAT))) {
			return;
		}
		String format = structuredFormat(environment.getProperty(PROPERTY), isProduction(environment));
		if (format != null) {
			environment.getPropertySources()
				.addLast(new MapPropertySource("tessera-log-format", Map.of(CONSOLE_FORMAT, format)));
		}
	}

	/**
	 * The structured format for a {@code tessera.log-format} value, or null for text.
	 */
	static String structuredFormat(String configured, boolean production) {
		String value = StringUtils.hasText(configured) ? configured.trim().toLowerCase(Locale.ROOT)
				: (production ? "json" : "text");
		return switch (value) {
			case "text", "plain" -> null;
			case "json", "ecs" -> "ecs";
			case "logstash", "gelf" -> value;
			default -> throw new IllegalStateException(
					"Unknown TESSERA_LOG_FORMAT '" + configured + "': use 'json' or 'text'");
		};
	}

	private static boolean isProduction(ConfigurableEnvironment environment) {
		try {
			return ProductionModeGuard.mode(environment) == Mode.PRODUCTION;
		}
		catch (IllegalStateException ex) {
			return false; // an unknown mode: the guard stops the start and says why
		}
	}

}
