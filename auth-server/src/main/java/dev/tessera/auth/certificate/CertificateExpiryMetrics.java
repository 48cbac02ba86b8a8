package dev.tessera.auth.certificate;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * {@code tessera.certificate.expiry} (seconds; negative once expired): one gauge per
 * certificate Tessera knows, tagged {@code kind}, {@code subject} and {@code thumbprint},
 * for an alert that fires well before anything expires. The set of gauges is replaced
 * whenever the inventory changes, so a renewed certificate's old gauge goes away.
 */
public class CertificateExpiryMetrics implements MeterBinder {

	static final String NAME = "tessera.certificate.expiry";

	private final Clock clock;

	private MultiGauge gauge;

	/** Held here: the gauges keep only weak references to what they read. */
	private List<KnownCertificate> certificates = List.of();

	public CertificateExpiryMetrics(Clock clock) {
		this.clock = clock;
	}

	@Override
	public synchronized void bindTo(MeterRegistry registry) {
		this.gauge = MultiGauge.builder(NAME)
			.baseUnit("seconds")
			.description("Time until the certificate expires (negative once it has)")
			.register(registry);
		register();
	}

	/** Shows these certificates from now on, and no other. */
	public synchronized void show(List<KnownCertificate> certificates) {
		Map<String, KnownCertificate> distinct = new LinkedHashMap<>();
		certificates.forEach((certificate) -> distinct
			.putIfAbsent(certificate.kind().value() + " " + certificate.thumbprint(), certificate));
		this.certificates = List.copyOf(distinct.values());
		register();
	}

	private void register() {
		if (this.gauge == null) {
			return;
		}
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		for (KnownCertificate certificate : this.certificates) {
			rows.add(MultiGauge.Row.of(
					Tags.of("kind", certificate.kind().value(), "subject", certificate.subject(), "thumbprint",
							certificate.thumbprint()),
					certificate, (shown) -> shown.expiresInSeconds(this.clock.instant())));
		}
		this.gauge.register(rows, true);
	}

}
