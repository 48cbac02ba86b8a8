package dev.tessera.auth.protocol;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Endpoint paths and operations come from {@link AuthorizationServerSettings}: moved
 * endpoints are found where the settings put them, and the old defaults no longer count.
 */
class ProtocolEndpointsTest {

	final ProtocolEndpoints defaults = new ProtocolEndpoints(AuthorizationServerSettings.builder().build());

	final ProtocolEndpoints moved = new ProtocolEndpoints(AuthorizationServerSettings.builder()
		.tokenEndpoint("/as/token")
		.tokenIntrospectionEndpoint("/as/introspect")
		.tokenRevocationEndpoint("/as/revoke")
		.jwkSetEndpoint("/as/keys")
		.build());

	@Test
	void operationsFollowTheSettings() {
		assertThat(this.defaults.operationOf(post("/oauth2/token", null))).isEqualTo("token.issue");
		assertThat(this.defaults.operationOf(post("/oauth2/introspect", null))).isEqualTo("token.introspect");
		assertThat(this.defaults.operationOf(post("/oauth2/revoke", null))).isEqualTo("token.revoke");
		assertThat(this.moved.operationOf(post("/as/token", null))).isEqualTo("token.issue");
		assertThat(this.moved.operationOf(post("/as/revoke", null))).isEqualTo("token.revoke");
		assertThat(this.moved.operationOf(post("/oauth2/token", null))).isEqualTo("client.authenticate");
		assertThat(this.moved.jwkSetPath()).isEqualTo("/as/keys");
	}

	@Test
	void onlyClientCredentialsTokenRequestsAndIntrospectionAnswerOnly() {
		assertThat(this.defaults.answersOnly(post("/oauth2/token", "client_credentials"))).isTrue();
		assertThat(this.defaults.answersOnly(post("/oauth2/introspect", null))).isTrue();
		assertThat(this.defaults.answersOnly(post("/oauth2/token", "authorization_code"))).isFalse();
		assertThat(this.defaults.answersOnly(post("/oauth2/token", "refresh_token"))).isFalse();
		assertThat(this.defaults.answersOnly(post("/oauth2/token", null))).isFalse();
		assertThat(this.defaults.answersOnly(post("/oauth2/revoke", null))).isFalse();
		MockHttpServletRequest get = new MockHttpServletRequest("GET", "/oauth2/token");
		get.setParameter("grant_type", "client_credentials");
		assertThat(this.defaults.answersOnly(get)).isFalse();
		assertThat(this.moved.answersOnly(post("/as/token", "client_credentials"))).isTrue();
	}

	/**
	 * Where the client authentication throttle looks: Spring's client-authenticating
	 * endpoints.
	 */
	@Test
	void clientsAuthenticateOnTokenIntrospectionRevocationDeviceAuthorizationAndPar() {
		for (String path : new String[] { "/oauth2/token", "/oauth2/introspect", "/oauth2/revoke",
				"/oauth2/device_authorization", "/oauth2/par" }) {
			assertThat(this.defaults.authenticatesClients(post(path, null))).as(path).isTrue();
		}
		assertThat(this.defaults.authenticatesClients(new MockHttpServletRequest("GET", "/oauth2/token"))).isFalse();
		assertThat(this.defaults.authenticatesClients(post("/oauth2/authorize", null))).isFalse();
		assertThat(this.defaults.authenticatesClients(post("/userinfo", null))).isFalse();
		assertThat(this.moved.authenticatesClients(post("/as/token", null))).isTrue();
		assertThat(this.moved.authenticatesClients(post("/oauth2/token", null))).isFalse();
	}

	@Test
	void oauthErrorPathsAreTheEndpointsAndDiscovery() {
		assertThat(this.defaults.matches("/oauth2/token")).isTrue();
		assertThat(this.defaults.matches("/oauth2/jwks")).isTrue();
		assertThat(this.defaults.matches("/userinfo")).isTrue();
		assertThat(this.defaults.matches("/.well-known/openid-configuration")).isTrue();
		assertThat(this.defaults.matches("/admin/api/clients")).isFalse();
		assertThat(this.moved.matches("/as/introspect")).isTrue();
		assertThat(this.moved.matches("/oauth2/token")).isFalse();
	}

	private static MockHttpServletRequest post(String path, String grantType) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		if (grantType != null) {
			request.setParameter("grant_type", grantType);
		}
		return request;
	}

	@Test
	void eachEndpointNamesTheMethodsItAnswers() {
		assertThat(this.defaults.allowedMethods(new MockHttpServletRequest("GET", "/oauth2/token")))
			.containsExactly("POST");
		assertThat(this.moved.allowedMethods(new MockHttpServletRequest("GET", "/as/introspect")))
			.containsExactly("POST");
		assertThat(this.defaults.allowedMethods(new MockHttpServletRequest("POST", "/oauth2/jwks")))
			.containsExactlyInAnyOrder("GET", "HEAD");
		assertThat(this.defaults
			.allowedMethods(new MockHttpServletRequest("DELETE", "/.well-known/oauth-authorization-server")))
			.containsExactlyInAnyOrder("GET", "HEAD");
		assertThat(this.defaults.allowedMethods(new MockHttpServletRequest("PUT", "/userinfo")))
			.containsExactlyInAnyOrder("GET", "HEAD", "POST");
		assertThat(this.defaults.allowedMethods(new MockHttpServletRequest("GET", "/login"))).isEmpty();
		assertThat(this.moved.allowedMethods(new MockHttpServletRequest("GET", "/oauth2/token"))).isEmpty();
	}

}
