package dev.tessera.admin.web;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;

class OneUseFormsTest {

	@Test
	void aTokenWorksOnceInTheSessionThatIssuedIt() {
		MockHttpSession session = new MockHttpSession();
		String token = OneUseForms.issue(session);
		assertThat(OneUseForms.use(new MockHttpSession(), token)).isFalse();
		assertThat(OneUseForms.use(session, token)).isTrue();
		assertThat(OneUseForms.use(session, token)).isFalse();
		assertThat(OneUseForms.use(session, null)).isFalse();
		assertThat(OneUseForms.use(session, "")).isFalse();
	}

	@Test
	void theSessionKeepsOnlyTheMostRecentTokens() {
		MockHttpSession session = new MockHttpSession();
		String first = OneUseForms.issue(session);
		String last = null;
		for (int i = 0; i < OneUseForms.KEPT; i++) {
			last = OneUseForms.issue(session);
		}
		assertThat(OneUseForms.use(session, first)).isFalse();
		assertThat(OneUseForms.use(session, last)).isTrue();
	}

}
