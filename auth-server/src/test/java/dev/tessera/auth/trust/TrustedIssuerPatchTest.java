package dev.tessera.auth.trust;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A merge patch: absent fields stay, an explicit null removes, and giving one source of
 * keys removes the other.
 */
class TrustedIssuerPatchTest {

	static final TrustedIssuerDraft INLINE = new TrustedIssuerDraft("https://idp", "{\"keys\":[]}", null,
			Set.of("https://aud"), Set.of("app"), Set.of("orders:read"), 120, "acme:");

	@Test
	void anEmptyPatchChangesNothing() {
		TrustedIssuerPatch patch = patch(null, null, null);
		assertThat(patch.applyTo(INLINE)).isEqualTo(INLINE);
		assertThat(patch.changedFields()).isEmpty();
	}

	@Test
	void aKeyUrlReplacesInlineKeysAndBack() {
		TrustedIssuerDraft hosted = patch(null, Optional.of("https://idp/jwks"), null).applyTo(INLINE);
		assertThat(hosted.jwks()).isNull();
		assertThat(hosted.jwksUri()).isEqualTo("https://idp/jwks");
		TrustedIssuerDraft inline = patch(Optional.of("{\"keys\":[1]}"), null, null).applyTo(hosted);
		assertThat(inline.jwks()).isEqualTo("{\"keys\":[1]}");
		assertThat(inline.jwksUri()).isNull();
		TrustedIssuerDraft both = patch(Optional.of("{}"), Optional.of("https://idp/jwks"), null).applyTo(INLINE);
		assertThat(both.jwks()).isNotNull();
		assertThat(both.jwksUri()).as("both given: the rules refuse it").isNotNull();
		TrustedIssuerDraft neither = patch(Optional.empty(), null, null).applyTo(INLINE);
		assertThat(neither.jwks()).isNull();
		assertThat(neither.jwksUri()).isNull();
	}

	@Test
	void anExplicitNullRemovesAFieldToItsDefault() {
		TrustedIssuerPatch patch = new TrustedIssuerPatch(null, null, null, Optional.empty(), null, Optional.empty(),
				Optional.empty(), Optional.empty());
		TrustedIssuerDraft target = patch.applyTo(INLINE);
		assertThat(target.subjectPrefix()).isNull();
		assertThat(target.allowedScopes()).isEmpty();
		assertThat(target.audiences()).isEmpty();
		assertThat(target.maxAssertionLifetimeSeconds()).isNull();
		assertThat(target.withDefaults(java.util.List.of("https://me")).audiences()).containsExactly("https://me");
		assertThat(target.withDefaults(java.util.List.of("https://me")).maxAssertionLifetimeSeconds()).isEqualTo(300);
		assertThat(patch.changedFields()).containsExactly("audiences", "allowedScopes", "maxAssertionLifetimeSeconds",
				"subjectPrefix");
	}

	static TrustedIssuerPatch patch(Optional<String> jwks, Optional<String> jwksUri, Optional<String> prefix) {
		return new TrustedIssuerPatch(null, jwks, jwksUri, null, null, null, null, prefix);
	}

}
