package dev.tessera.admin.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditEventTest {

	@Test
	void theClientIsTheActingClientOrTheOneNamedInTheDetail() {
		assertThat(event("client", "billing", Map.of()).client()).isEqualTo("billing");
		assertThat(event("anonymous", "-", Map.of("claimedClientId", "billing")).client()).isEqualTo("billing");
		assertThat(event("user", "alice", Map.of("clientId", "console")).client()).isEqualTo("console");
		assertThat(event("system", "scheduler", "not json").client()).isEmpty();
	}

	@Test
	void theDetailIsSummarizedOnOneShortLine() {
		Map<String, Object> detail = new LinkedHashMap<>();
		detail.put("scope", "read write");
		detail.put("error", "invalid_scope");
		assertThat(event("client", "c", detail).detailSummary()).isEqualTo("scope=read write, error=invalid_scope");
		assertThat(event("client", "c", Map.of("long", "x".repeat(500))).detailSummary()).hasSize(160).endsWith("…");
	}

	private static AuditEvent event(String type, String principal, Object detail) {
		return new AuditEvent("id", "2026-11-30T12:00:00Z", "corr", principal, type, "token.issue", "127.0.0.1",
				"success", detail);
	}

}
