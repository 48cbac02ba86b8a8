package dev.tessera.auth.audit.query;

import javax.sql.DataSource;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the reading side of the audit trail for the admin API: queries and exports. */
@Configuration(proxyBeanMethods = false)
public class AuditQueryConfiguration {

	@Bean
	AuditQuery auditQuery(DataSource dataSource) {
		return new AuditQuery(dataSource);
	}

	@Bean
	AuditExport auditExport(AuditQuery query, JsonMapper json) {
		return new AuditExport(query, json);
	}

}
