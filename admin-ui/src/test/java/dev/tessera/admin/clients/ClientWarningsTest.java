package dev.tessera.admin.clients;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientWarningsTest {

	@Test
	void aSmallShortLivedClientDrawsNoWarning() {
		assertThat(ClientWarnings.of(List.of("orders:read", "orders:write"), 300)).isEmpty();
		assertThat(ClientWarnings.of(List.of(), null)).as("the server's default lifetime").isEmpty();
		assertThat(ClientWarnings.of(List.of("a", "b", "c", "d", "e"), 900)).as("at the limits").isEmpty();
	}

	@Test
	void aLifetimeOverFifteenMinutesIsWarnedAbout() {
		assertThat(ClientWarnings.of(List.of("orders:read"), 901)).singleElement()
			.asString()
			.contains("901 seconds")
			.contains("900");
	}

	@Test
	void moreThanFiveScopesIsWarnedAbout() {
		assertThat(ClientWarnings.of(List.of("a", "b", "c", "d", "e", "f"), null)).singleElement()
			.asString()
			.contains("6 scopes");
	}

	@Test
	void adminScopesAndTheAuditScopeAreWarnedAboutByName() {
		assertThat(ClientWarnings.of(List.of("orders:read", "audit:read", "admin:keys"), null)).singleElement()
			.asString()
			.contains("admin:keys, audit:read")
			.doesNotContain("orders:read");
		assertThat(ClientWarnings.isAdminScope("admin:clients")).isTrue();
		assertThat(ClientWarnings.isAdminScope("audit:read")).isTrue();
		assertThat(ClientWarnings.isAdminScope("audit:write")).isFalse();
		assertThat(ClientWarnings.isAdminScope("administrators")).isFalse();
	}

	@Test
	void everyWarningComesInAFixedOrder() {
		List<String> warnings = ClientWarnings.of(List.of("a", "b", "c", "d", "e", "admin:read"), 3600);
		assertThat(warnings).hasSize(3);
		assertThat(warnings.get(0)).contains("3600 seconds");
		assertThat(warnings.get(1)).contains("6 scopes");
		assertThat(warnings.get(2)).contains("admin:read");
	}

}
