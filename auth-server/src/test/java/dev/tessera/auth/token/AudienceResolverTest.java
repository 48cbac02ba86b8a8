package dev.tessera.auth.token;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudienceResolverTest {

	static final String ISSUER = "https://auth.example";

	static final List<String> REGISTERED = List.of("https://a.example", "https://b.example");

	final AudienceResolver resolver = new AudienceResolver(ISSUER);

	@Test
	void noResourceMeansEveryRegisteredAudience() {
		assertThat(this.resolver.resolve("c1", REGISTERED, null, Set.of("orders:read")))
			.containsExactly("https://a.example", "https://b.example");
	}

	@Test
	void aClientWithoutAudiencesGetsItsOwnId() {
		assertThat(this.resolver.resolve("c1", List.of(), null, Set.of())).containsExactly("c1");
	}

	@Test
	void resourcesNarrowTheAudience() {
		assertThat(this.resolver.resolve("c1", REGISTERED, "https://b.example", Set.of()))
			.containsExactly("https://b.example");
		assertThat(this.resolver.resolve("c1", REGISTERED,
				new String[] { "https://b.example", "https://a.example", "https://b.example" }, Set.of()))
			.containsExactly("https://b.example", "https://a.example");
	}

	@Test
	void anUnregisteredResourceIsInvalidTarget() {
		assertThatThrownBy(() -> this.resolver.resolve("c1", REGISTERED, "https://evil.example", Set.of()))
			.isInstanceOfSatisfying(OAuth2AuthenticationException.class,
					ex -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_target"));
		assertThatThrownBy(() -> this.resolver.resolve("c1", List.of(), "c1", Set.of()))
			.isInstanceOf(OAuth2AuthenticationException.class);
	}

	@Test
	void adminScopesAreAddressedToTheIssuerAloneWhateverTheClientRegistered() {
		assertThat(this.resolver.resolve("c1", REGISTERED, null, Set.of("audit:read"))).containsExactly(ISSUER);
		assertThat(this.resolver.resolve("c1", List.of(), null, Set.of("admin:clients", "admin:read")))
			.containsExactly(ISSUER);
		assertThat(this.resolver.resolve("c1", List.of(ISSUER, "https://a.example"), null, Set.of("admin:keys")))
			.containsExactly(ISSUER);
		assertThat(this.resolver.resolve("c1", List.of(), ISSUER, Set.of("admin:keys"))).containsExactly(ISSUER);
	}

	@Test
	void adminScopesWithOtherScopesAreInvalidScopeAndSayWhy() {
		assertThatThrownBy(() -> this.resolver.resolve("c1", REGISTERED, null, Set.of("audit:read", "orders:read")))
			.isInstanceOfSatisfying(OAuth2AuthenticationException.class, ex -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_scope");
				assertThat(ex.getError().getDescription()).contains("[audit:read]")
					.contains("[orders:read]")
					.contains(ISSUER)
					.contains("alone");
			});
	}

	@Test
	void adminScopesWithAnotherResourceAreInvalidTargetAndSayWhy() {
		assertThatThrownBy(() -> this.resolver.resolve("c1", REGISTERED, "https://a.example", Set.of("admin:read")))
			.isInstanceOfSatisfying(OAuth2AuthenticationException.class, ex -> {
				assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_target");
				assertThat(ex.getError().getDescription()).contains("https://a.example").contains(ISSUER);
			});
		assertThatThrownBy(() -> this.resolver.resolve("c1", List.of(ISSUER),
				new String[] { ISSUER, "https://b.example" }, Set.of("admin:read")))
			.isInstanceOfSatisfying(OAuth2AuthenticationException.class,
					ex -> assertThat(ex.getError().getErrorCode()).isEqualTo("invalid_target"));
	}

}
