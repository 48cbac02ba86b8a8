package dev.tessera.auth.certificate;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every certificate Tessera knows, so none expires unnoticed: the chain the TLS connector
 * serves, the CAs client certificates are trusted under, and the certificates clients
 * registered in their inline JWKS ({@link RegisteredCertificates}; a {@code jwksUri} key
 * set is not listed). It is a snapshot in memory, refreshed in parts when something
 * changes (a reloaded TLS file, a changed client) and wholly on each periodic check; each
 * refresh says whether the snapshot changed, so the metric and the check run only then.
 */
public class CertificateInventory {

	/** By expiry, soonest first; ties in a fixed order. */
	static final Comparator<KnownCertificate> BY_EXPIRY = Comparator.comparing(KnownCertificate::notAfter)
		.thenComparing(KnownCertificate::thumbprint)
		.thenComparing(KnownCertificate::kind)
		.thenComparing((certificate) -> String.valueOf(certificate.owner()));

	private final Supplier<List<X509Certificate>> serverChain;

	private final Supplier<String> serverSource;

	private final Supplier<List<X509Certificate>> clientCas;

	private final String clientCaSource;

	private final Supplier<Map<String, String>> everyClientJwks;

	private final Function<String, Optional<String>> clientJwks;

	private List<KnownCertificate> tls = List.of();

	private final Map<String, List<KnownCertificate>> clients = new HashMap<>();

	private volatile List<KnownCertificate> all = List.of();

	/**
	 * @param serverChain the chain served now, leaf first (empty without TLS)
	 * @param serverSource where it comes from
	 * @param clientCas the CAs trusted now for client certificates
	 * @param clientCaSource where they come from
	 * @param everyClientJwks the inline JWKS of every client that has one, by client id
	 * @param clientJwks one client's inline JWKS; empty when it has none or is gone
	 */
	public CertificateInventory(Supplier<List<X509Certificate>> serverChain, Supplier<String> serverSource,
			Supplier<List<X509Certificate>> clientCas, String clientCaSource,
			Supplier<Map<String, String>> everyClientJwks, Function<String, Optional<String>> clientJwks) {
		this.serverChain = serverChain;
		this.serverSource = serverSource;
		this.clientCas = clientCas;
		this.clientCaSource = clientCaSource;
		this.everyClientJwks = everyClientJwks;
		this.clientJwks = clientJwks;
	}

	/** Every certificate, the soonest to expire first. */
	public List<KnownCertificate> all() {
		return this.all;
	}

	/**
	 * The certificates that expire within {@code window} of {@code now} (the expired ones
	 * included), the soonest first.
	 */
	public List<KnownCertificate> expiringWithin(Duration window, Instant now) {
		Instant limit = now.plus(window);
		return this.all.stream().filter((certificate) -> !certificate.notAfter().isAfter(limit)).toList();
	}

	/** Reads everything again. @return whether anything changed */
	public synchronized boolean refresh() {
		List<KnownCertificate> tls = readTls();
		Map<String, List<KnownCertificate>> clients = new HashMap<>();
		this.everyClientJwks.get().forEach((clientId, jwks) -> {
			List<KnownCertificate> registered = RegisteredCertificates.of(clientId, jwks);
			if (!registered.isEmpty()) {
				clients.put(clientId, registered);
			}
		});
		boolean changed = !tls.equals(this.tls) || !clients.equals(this.clients);
		this.tls = tls;
		this.clients.clear();
		this.clients.putAll(clients);
		return publish(changed);
	}

	/**
	 * Reads the TLS certificates again (after a reload). @return whether anything changed
	 */
	public synchronized boolean refreshTls() {
		List<KnownCertificate> tls = readTls();
		boolean changed = !tls.equals(this.tls);
		this.tls = tls;
		return publish(changed);
	}

	/**
	 * Reads one client's certificates again (after it changed or went). @return whether
	 * anything changed
	 */
	public synchronized boolean refreshClient(String clientId) {
		List<KnownCertificate> registered = this.clientJwks.apply(clientId)
			.map((jwks) -> RegisteredCertificates.of(clientId, jwks))
			.orElse(List.of());
		List<KnownCertificate> before = registered.isEmpty() ? this.clients.remove(clientId)
				: this.clients.put(clientId, registered);
		return publish(!registered.equals((before != null) ? before : List.of()));
	}

	private List<KnownCertificate> readTls() {
		List<KnownCertificate> tls = new ArrayList<>();
		String source = this.serverSource.get();
		for (X509Certificate certificate : this.serverChain.get()) {
			tls.add(KnownCertificate.of(certificate, CertificateKind.SERVER, null, source));
		}
		for (X509Certificate certificate : this.clientCas.get()) {
			tls.add(KnownCertificate.of(certificate, CertificateKind.CLIENT_CA, null, this.clientCaSource));
		}
		return List.copyOf(tls);
	}

	private boolean publish(boolean changed) {
		if (changed) {
			List<KnownCertificate> all = new ArrayList<>(this.tls);
			this.clients.values().forEach(all::addAll);
			all.sort(BY_EXPIRY);
			this.all = List.copyOf(all);
		}
		return changed;
	}

}
