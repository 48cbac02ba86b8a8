package dev.tessera.auth.trust;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The directory the grant reads: exact lookups from memory, a re-read replaces the whole
 * map, and a failed re-read keeps the last one.
 */
class TrustedIssuersTest {

	@Test
	void looksUpExactlyAndOnlyFromMemory() {
		AtomicInteger reads = new AtomicInteger();
		TrustedIssuers directory = new TrustedIssuers(() -> {
			reads.incrementAndGet();
			return List.of(issuer("https://idp.partner.example"));
		});
		directory.initialize();
		assertThat(directory.findByIssuer("https://idp.partner.example")).isPresent();
		assertThat(directory.findByIssuer("https://idp.partner.example/")).isEmpty();
		assertThat(directory.findByIssuer("HTTPS://idp.partner.example")).isEmpty();
		assertThat(directory.findByIssuer(null)).isEmpty();
		assertThat(reads).hasValue(1);
	}

	@Test
	void aRefreshReplacesTheMapAndAFailedOneKeepsIt() {
		List<TrustedIssuer> stored = new ArrayList<>(List.of(issuer("https://a")));
		boolean[] down = { false };
		TrustedIssuers directory = new TrustedIssuers(() -> {
			if (down[0]) {
				throw new IllegalStateException("database away");
			}
			return List.copyOf(stored);
		});
		directory.initialize();
		stored.clear();
		stored.add(issuer("https://b"));
		directory.refresh();
		assertThat(directory.findByIssuer("https://a")).isEmpty();
		assertThat(directory.findByIssuer("https://b")).isPresent();
		down[0] = true;
		directory.refresh();
		assertThat(directory.findByIssuer("https://b")).as("kept while the database is away").isPresent();
	}

	@Test
	void aFixedDirectoryForTests() {
		assertThat(TrustedIssuers.of(issuer("https://x")).findByIssuer("https://x")).isPresent();
	}

	static TrustedIssuer issuer(String iss) {
		return new TrustedIssuer(UUID.randomUUID(), iss, "{\"keys\":[]}", null, List.of(iss), Set.of("app"), Set.of(),
				Duration.ofMinutes(5), null);
	}

}
