package dev.tessera.admin.clients;

import dev.tessera.admin.api.AdminApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiPathsTest {

	@Test
	void ordinaryIdsAndScopeNamesGoAsTheyAre() {
		assertThat(ApiPaths.segment("orders:read")).isEqualTo("orders:read");
		assertThat(ApiPaths.segment("5ab8d792-5d4f-45af-b6f4-83f915010b9f"))
			.isEqualTo("5ab8d792-5d4f-45af-b6f4-83f915010b9f");
		assertThat(ApiPaths.segment("a.b_c~d@e+f")).isEqualTo("a.b_c~d@e+f");
	}

	@Test
	void whatCouldAddressAnotherResourceIsRefused() {
		for (String value : new String[] { "../users/admin", "..", ".", "a/b", "a?b", "a#b", "a%2Fb", "{x}", "",
				"a b" }) {
			assertThatExceptionOfType(AdminApiException.class).as(value)
				.isThrownBy(() -> ApiPaths.segment(value))
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(400));
		}
		assertThatExceptionOfType(AdminApiException.class).isThrownBy(() -> ApiPaths.segment(null));
	}

}
