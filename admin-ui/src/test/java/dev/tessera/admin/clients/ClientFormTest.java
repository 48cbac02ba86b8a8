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
	void tokenQuotasAreSentWhenTypedAndClearedByAnEmptySetting() {
		ClientForm form = new ClientForm();
		form.setHourlyTokenQuota(" 100 ");
		form.setDailyTokenQuota("");
		assertThat(form.check(this.json)).isEmpty();
		assertThat(form.toRequest(this.json)).containsEntry("hourlyTokenQuota", 100)
			.doesNotContainKey("dailyTokenQuota");

		form.setDailyTokenQuota("lots");
		form.setHourlyTokenQuota("1.5");
		assertThat(form.check(this.json)).containsOnlyKeys("hourlyTokenQuota", "dailyTokenQuota");

		SettingsForm settings = new SettingsForm();
		settings.setHourlyTokenQuota("60");
		assertThat(settings.check()).isEmpty();
		assertThat(settings.toPatch()).containsEntry("hourlyTokenQuota", 60).containsEntry("dailyTokenQuota", null);
	}

	@Test
	void warningsFollowTheRule() {
		ClientForm form = new ClientForm();
		form.setScopes(List.of("admin:read"));
		form.setAccessTokenTtlSeconds("3600");

		assertThat(form.warnings()).hasSize(2);
	}

	@Test
	void aTlsClientAuthClientSendsTheChosenIdentityAndTheBinding() {
		ClientForm form = new ClientForm();
		form.setName("Partner");
		form.setAuthMethod("tls_client_auth");
		form.setTlsIdentityKind("tlsSanDns");
		form.setTlsIdentity(" partner.example.com ");
		form.setCertificateBoundTokens(true);
		form.setJwks("{\"keys\":[]}");

		assertThat(form.check(this.json)).isEmpty();
		assertThat(form.warnings()).isEmpty();
		assertThat(form.toRequest(this.json)).containsEntry("authMethods", List.of("tls_client_auth"))
			.containsEntry("tlsSanDns", "partner.example.com")
			.containsEntry("certificateBoundTokens", true)
			.doesNotContainKeys("jwks", "tlsSubjectDn");
	}

	@Test
	void aSelfSignedClientSendsItsKeysAndNoIdentity() {
		ClientForm form = new ClientForm();
		form.setAuthMethod("self_signed_tls_client_auth");
		form.setJwksUri("https://keys.example/jwks");
		form.setTlsIdentity("CN=ignored");

		Map<String, Object> request = form.toRequest(this.json);

		assertThat(request).containsEntry("jwksUri", "https://keys.example/jwks")
			.doesNotContainKeys("tlsSubjectDn", "certificateBoundTokens");
		assertThat(form.warnings()).containsExactly(ClientForm.UNBOUND);
	}

	@Test
	void anUnknownIdentityKindIsRefusedBeforeTheApi() {
		ClientForm form = new ClientForm();
		form.setAuthMethod("tls_client_auth");
		form.setTlsIdentityKind("tlsSanFax");

		assertThat(form.check(this.json)).containsOnlyKeys(CertificateIdentity.FIELD);
	}

	@Test
	void theApisIdentityProblemsAreShownNextToTheOneValueField() {
		Map<String, String> shown = CertificateIdentity
			.errors(Map.of("tlsSanIp", "'x' is not an IPv4 or IPv6 address literal", "name", "is required"));

		assertThat(shown).containsOnly(Map.entry("tlsIdentity", "'x' is not an IPv4 or IPv6 address literal"),
				Map.entry("name", "is required"));
		assertThat(CertificateForm.errors(Map.of("authMethods", "unknown", "certificateBoundTokens", "needs")))
			.containsOnly(Map.entry("form", "authMethods: unknown"), Map.entry("certificateBoundTokens", "needs"));
	}

	@Test
	void theCertificateFormClearsTheOtherKindsWhenTheKindChanges() {
		ClientView client = new ClientView("p", "Partner", true, null, java.util.Set.of("tls_client_auth"), null, null,
				null, null, null, null, null, null, null, null, null, "CN=p,O=Example", null, null, null, null, true,
				null, null);
		CertificateForm form = CertificateForm.of(client);
		assertThat(form.getTlsIdentityKind()).isEqualTo("tlsSubjectDn");
		assertThat(form.getTlsIdentity()).isEqualTo("CN=p,O=Example");
		assertThat(form.isCertificateBoundTokens()).isTrue();

		form.setTlsIdentityKind("tlsSanDns");
		form.setTlsIdentity("p.example.com");
		form.setCertificateBoundTokens(false);

		Map<String, Object> patch = form.toPatch(client);
		assertThat(patch).containsEntry("tlsSanDns", "p.example.com")
			.containsEntry("tlsSubjectDn", null)
			.containsEntry("tlsSanIp", null)
			.containsEntry("certificateBoundTokens", false)
			.hasSize(6);
	}

}
