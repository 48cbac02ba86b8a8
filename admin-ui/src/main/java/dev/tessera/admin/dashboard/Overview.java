package dev.tessera.admin.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * {@code GET /admin/api/overview}: the figures of the dashboard, read by the server from
 * its rollup tables, clients and keys.
 *
 * @param clients client counts
 * @param activeKey the key that signs now, or null
 * @param nextRotationAt when the next scheduled rotation happens, or null
 * @param keys key counts per state
 * @param secretsExpiring client secrets that expire within 60 days
 * @param secretsExpired clients whose secret has expired
 * @param failedAuthentications24h failed client authentications in the last 24 hours
 * @param tokensPerDay tokens issued per day, 30 days, oldest first
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Overview(Clients clients, ActiveKey activeKey, Instant nextRotationAt, Keys keys,
		SecretsExpiring secretsExpiring, List<ExpiringSecret> secretsExpired, long failedAuthentications24h,
		List<DayCount> tokensPerDay) {

	public Overview {
		secretsExpired = (secretsExpired != null) ? secretsExpired : List.of();
		tokensPerDay = (tokensPerDay != null) ? tokensPerDay : List.of();
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Clients(long total, long enabled, long disabled, long idle) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ActiveKey(String kid, String alg, Instant activatedAt, long ageSeconds) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record Keys(long next, long active, long retiring) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record SecretsExpiring(long within7, long within30, long within60, List<ExpiringSecret> clients) {

		public SecretsExpiring {
			clients = (clients != null) ? clients : List.of();
		}

	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record ExpiringSecret(String clientId, String name, Instant secretExpiresAt) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	public record DayCount(LocalDate date, long tokens) {
	}

}
