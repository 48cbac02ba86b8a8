package dev.tessera.auth.trust;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep of partner assertions' single-use rows: a row is forgotten once it has
 * expired on the database's clock, never before (a live row still catches a replay).
 */
@TesseraServerTest
class UsedPartnerAssertionsTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	UsedPartnerAssertions usedAssertions;

	@Test
	void theSweepRemovesExpiredRowsAndKeepsLiveOnes() {
		String issuer = "https://sweep.partner.test/" + UUID.randomUUID();
		OffsetDateTime now = this.jdbc.queryForObject("select clock_timestamp()", OffsetDateTime.class);
		insert(issuer, "expired", now.minusSeconds(1));
		insert(issuer, "live", now.plusMinutes(5));

		this.usedAssertions.removeExpired();

		assertThat(
				this.jdbc.queryForList("select jti from used_partner_assertion where issuer = ?", String.class, issuer))
			.containsExactly("live");
	}

	private void insert(String issuer, String jti, OffsetDateTime expiresAt) {
		this.jdbc.update("insert into used_partner_assertion (issuer, jti, expires_at) values (?, ?, ?)", issuer, jti,
				expiresAt);
	}

}
