package dev.tessera.admin.clients;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ClientFormTest {

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void theRequestHoldsWhatWasTypedAndNothingMore() {
		ClientForm form = new ClientForm();
		form.setName(" Orders ");
		form.setGrantTypes(List.of("client_credentials"));
		form.setScopes(List.of("orders:read"));
		form.setAudiences("https://a.example\n\nhttps://b.example\n");
		form.setAccessTokenTtlSeconds(" 300 ");
		form.setJwks("{\"keys\":[]}");

		assertThat(form.check(this.json)).isEmpty();
		assertThat(form.toRequest(this.json)).containsExactly(Map.entry("name", "Orders"),
				Map.entry("grantTypes", List.of("client_credentials")),
				Map.entry("authMethods", List.of("client_secret_basic")), Map.entry("scopes", List.of("orders:read")),
				Map.entry("audiences", List.of("https://a.example", "https://b.example")),
				Map.entry("accessTokenTtlSeconds", 300));
	}

	@Test
	void keysGoOnlyWithPrivateKeyJwt() {
		ClientForm form = new ClientForm();
		form.setAuthMethod("private_key_jwt");
		form.setJwks("{\"keys\":[{\"kty\":\"EC\"}]}");
		form.setJwksUri(" https://keys.example/jwks ");

		Map<String, Object> request = form.toRequest(this.json);

		assertThat(request).containsEntry("authMethods", List.of("private_key_jwt"))
			.containsEntry("jwksUri", "https://keys.example/jwks");
		assertThat(request.get("jwks")).isEqualTo(Map.of("keys", List.of(Map.of("kty", "EC"))));
	}

	@Test
	void aLifetimeThatIsNotANumberAndKeysThatAreNotJsonAreRefusedBeforeTheApi() {
		ClientForm form = new ClientForm();
		form.setAccessTokenTtlSeconds("five minutes");
		form.setAuthMethod("private_key_jwt");
		form.setJwks("{not json");

		assertThat(form.check(this.json)).containsOnlyKeys("accessTokenTtlSeconds", "jwks");
		assertThat(form.ttl()).isNull();
	}

	@Test
	void warningsFollowTheRule() {
		ClientForm form = new ClientForm();
		form.setScopes(List.of("admin:read"));
		form.setAccessTokenTtlSeconds("3600");

		assertThat(form.warnings()).hasSize(2);
	}

}
