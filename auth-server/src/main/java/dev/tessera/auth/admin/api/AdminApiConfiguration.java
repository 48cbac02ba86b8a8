package dev.tessera.auth.admin.api;

import java.time.Clock;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import dev.tessera.auth.audit.AuditTrail;
import dev.tessera.auth.client.ClientAdministration;
import dev.tessera.auth.client.ClientDirectory;
import dev.tessera.auth.client.ClientRegistrar;
import dev.tessera.auth.client.ClientRepository;
import dev.tessera.auth.client.ClientRules;
import dev.tessera.auth.cluster.CacheInvalidations;
import dev.tessera.auth.config.TesseraProperties;
import dev.tessera.auth.egress.JwksFetcher;
import dev.tessera.auth.scope.ScopeRepository;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the admin use cases and the OpenAPI description at {@code /v3/api-docs}. */
@Configuration(proxyBeanMethods = false)
public class AdminApiConfiguration {

	/** Client rules, with registered key URLs held to the outbound (egress) policy. */
	@Bean
	ClientRules clientRules(TesseraProperties properties) {
		return new ClientRules(properties.tokens().maxTtl(), JwksFetcher.urlProblem(!properties.isProduction()));
	}

	@Bean
	ClientAdministration clientAdministration(ClientRepository clients, ScopeRepository scopes,
			ClientRegistrar registrar, ClientRules rules, ClientDirectory directory, Clock clock, AuditTrail audit,
			CacheInvalidations invalidations, ApplicationEventPublisher events) {
		return new ClientAdministration(clients, scopes, registrar, rules, directory, clock, audit, invalidations,
				events);
	}

	/**
	 * JSON bodies are read as typed: a number, boolean or object where the admin API
	 * expects text, or text where it expects a number or boolean, is a {@code 400}
	 * problem saying which field, not silently converted ({@code "name": 123} would
	 * otherwise become the name "123", a TTL of {@code 1.5} one second). Only the admin
	 * API reads JSON request bodies.
	 */
	@Bean
	JsonMapperBuilderCustomizer strictJsonTypes() {
		return builder -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Textual,
					config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	/** What the admin API records in the audit trail. */
	@Bean
	AdminAuditing adminAuditing(AuditTrail trail) {
		return new AdminAuditing(trail);
	}

	@Bean
	OpenAPI tesseraAdminOpenApi() {
		return new OpenAPI().info(new Info().title("Tessera admin API")
			.description(
					"Clients, scopes, secrets and trusted issuers. Bearer tokens from this server with the admin scopes.")
			.version("1"))
			.components(new Components().addSecuritySchemes("bearer",
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList("bearer"));
	}

}
