package dev.tessera.auth.token;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudienceResolverTest {

	static final List<String> REGISTERED = List.of("https://a.example", "https://b.example");

	@Test
	void noResourceMeansEveryRegisteredAudience() {
		assertThat(AudienceResolver.resolve("c1", REGISTERED, null)).containsExactly("https://a.example",
				"https://b.example");
	}

	@Test
	void aClientWithoutAudiencesGetsItsOwnId() {
		assertThat(AudienceResolver.resolve("c1", List.of(), null)).containsExactly("c1");
	}

	@Test
	void resourcesNarrowTheAudience() {
		assertThat(AudienceResolver.resolve("c1", REGISTERED, "https://b.example")).containsExactly("https://b.example");
		assertThat(AudienceResolver.resolve("c1", REGISTERED,
				new String[] { "https://b.example", "https://a.example", "https://b.example" }))
			.containsExactly("https://b.example", "https://a.example");
	}

	@Test
	void anUnregisteredResourceIsInvalidTarget() {
		assertThatThrownBy(() -> AudienceResolver.resolve("c1", REGISTERED, "https://evil.example"))
			.isInstanceOfSatisfying(OAuth2AuthenticationException.class,
					ex -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_target"));
		assertThatThrownBy(() -> AudienceResolver.resolve("c1", List.of(), "c1"))
			.isInstanceOf(OAuth2AuthenticationException.class);
	}

}
