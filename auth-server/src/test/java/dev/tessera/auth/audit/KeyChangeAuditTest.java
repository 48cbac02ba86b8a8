package dev.tessera.auth.audit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tessera.auth.key.KeyRotation;
import dev.tessera.auth.support.TesseraServerTest;
import dev.tessera.auth.support.TestDatabase;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every key change has its audit event, the start-up one included, and a change whose
 * event cannot be stored does not happen.
 */
@TesseraServerTest
class KeyChangeAuditTest {

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	KeyRotation rotation;

	@Value("${spring.datasource.url}")
	String databaseUrl;

	/** The server's own role may not rename the audit table: the test plays the owner. */
	JdbcTemplate superuser() {
		return TestDatabase.get().superuserJdbc(this.databaseUrl);
	}

	@AfterEach
	void restore() {
		superuser().execute("do $$ begin if to_regclass('audit_event_away') is not null then "
				+ "alter table audit_event_away rename to audit_event; end if; end $$");
	}

	@Test
	void theStartUpKeyIsAudited() {
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where operation = 'key.schedule' "
						+ "and principal = 'startup' and principal_type = 'system' and detail like '%create ACTIVE%'",
				Integer.class))
			.isEqualTo(1);
	}

	@Test
	void aRotationThatCannotBeAuditedIsRolledBack() {
		String signing = activeKid();
		int keys = keyCount();

		superuser().execute("alter table audit_event rename to audit_event_away");
		assertThatThrownBy(() -> this.rotation.rotateNow("tester")).isInstanceOf(AuditUnavailableException.class);
		superuser().execute("alter table audit_event_away rename to audit_event");

		assertThat(activeKid()).isEqualTo(signing);
		assertThat(keyCount()).isEqualTo(keys);

		String rotated = this.rotation.rotateNow("tester").getKid();
		assertThat(rotated).isNotEqualTo(signing).isEqualTo(activeKid());
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where operation = 'key.rotate' " + "and payload_ref = ?",
				Integer.class, "key:" + rotated))
			.isEqualTo(1);
	}

	private String activeKid() {
		return this.jdbc.queryForObject("select kid from signing_key where status = 'ACTIVE'", String.class);
	}

	private int keyCount() {
		return this.jdbc.queryForObject("select count(*) from signing_key", Integer.class);
	}

}
