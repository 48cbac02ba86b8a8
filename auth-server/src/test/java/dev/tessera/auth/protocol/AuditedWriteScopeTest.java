package dev.tessera.auth.protocol;

import dev.tessera.auth.audit.write.AuditedWrite;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write may wait for the audit event only on requests that change nothing before
 * their answer: client-credentials token requests and introspection. Everywhere else
 * the caller must write at once, and nothing outlives its request.
 */
class AuditedWriteScopeTest {

	final AuditedWriteScope scope = new AuditedWriteScope("/oauth2/token", "/oauth2/introspect");

	@Test
	void clientCredentialsTokenRequestsAndIntrospectionDefer() throws Exception {
		assertThat(attachesDuring(post("/oauth2/token", "client_credentials"))).isTrue();
		assertThat(attachesDuring(post("/oauth2/introspect", null))).isTrue();
	}

	@Test
	void otherGrantsRevocationAndOtherMethodsWriteAtOnce() throws Exception {
		assertThat(attachesDuring(post("/oauth2/token", "authorization_code"))).isFalse();
		assertThat(attachesDuring(post("/oauth2/token", "refresh_token"))).isFalse();
		assertThat(attachesDuring(post("/oauth2/token", null))).isFalse();
		assertThat(attachesDuring(post("/oauth2/revoke", null))).isFalse();
		MockHttpServletRequest get = new MockHttpServletRequest("GET", "/oauth2/token");
		get.setParameter("grant_type", "client_credentials");
		assertThat(attachesDuring(get)).isFalse();
	}

	@Test
	void outsideARequestNothingIsAttachedAndNothingOutlivesOne() throws Exception {
		assertThat(AuditedWriteScope.attach(write())).isFalse();
		attachesDuring(post("/oauth2/token", "client_credentials")); // attaches, never drained
		assertThat(AuditedWriteScope.drain()).isEmpty();
		assertThat(AuditedWriteScope.attach(write())).isFalse();
	}

	private boolean attachesDuring(MockHttpServletRequest request) throws Exception {
		AtomicReference<Boolean> attached = new AtomicReference<>();
		FilterChain chain = (req, res) -> attached.set(AuditedWriteScope.attach(write()));
		this.scope.doFilter(request, new MockHttpServletResponse(), chain);
		return attached.get();
	}

	private static MockHttpServletRequest post(String path, String grantType) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		if (grantType != null) {
			request.setParameter("grant_type", grantType);
		}
		return request;
	}

	private static AuditedWrite write() {
		return new AuditedWrite("update t set x = 1", List.of(), Map.of("error", "invalid_client"));
	}

}
