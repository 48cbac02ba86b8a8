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
