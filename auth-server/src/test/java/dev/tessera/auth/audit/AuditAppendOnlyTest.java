package dev.tessera.auth.audit;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tessera.auth.support.TesseraServerTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database itself refuses to change the trail through the application's own
 * connections: no UPDATE, DELETE or TRUNCATE, and the retention flag opens DELETE only.
 */
@TesseraServerTest
class AuditAppendOnlyTest {

	@Autowired
	AuditTrail trail;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transactions;

	UUID recordOne() {
		String tag = AuditTestSupport.tag();
		return AuditTestSupport.record(this.trail, this.jdbc, tag, null, "test." + tag + ".append",
				AuditOutcome.BUSINESS_ERROR, AuditTrail.Actor.system("append-only"), Map.of("k", "v"), null);
	}

	@Test
	void updatesAreRefused() {
		UUID id = recordOne();
		assertThatThrownBy(() -> this.jdbc.update("update audit_event set outcome = 'success' where id = ?", id))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("append-only")
			.hasMessageContaining("UPDATE");
		assertThatThrownBy(() -> this.jdbc.update("update audit_event set outcome = 'success'"))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("append-only");
		assertThat(this.jdbc.queryForObject("select outcome from audit_event where id = ?", String.class, id))
			.isEqualTo("business_error");
	}

	@Test
	void deletesAreRefused() {
		UUID id = recordOne();
		long before = count();
		assertThatThrownBy(() -> this.jdbc.update("delete from audit_event where id = ?", id))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("append-only")
			.hasMessageContaining("DELETE");
		assertThatThrownBy(() -> this.jdbc.update("delete from audit_event"))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("append-only");
		assertThat(count()).isGreaterThanOrEqualTo(before);
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where id = ?", Long.class, id))
			.isEqualTo(1);
	}

	@Test
	void truncateIsRefused() {
		recordOne();
		assertThatThrownBy(() -> this.jdbc.execute("truncate audit_event"))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("append-only")
			.hasMessageContaining("TRUNCATE");
		assertThat(count()).isPositive();
	}

	@Test
	void theRetentionFlagDoesNotOpenUpdates() {
		UUID id = recordOne();
		assertThatThrownBy(() -> this.transactions.executeWithoutResult(status -> {
			this.jdbc.execute("set local tessera.audit_retention = 'on'");
			this.jdbc.update("update audit_event set detail = '{}' where id = ?", id);
		})).isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
		// and the flag is local: it did not outlive that transaction on a pooled connection
		assertThatThrownBy(() -> this.jdbc.update("delete from audit_event where id = ?", id))
			.isInstanceOf(DataAccessException.class)
			.rootCause()
			.hasMessageContaining("append-only");
	}

	long count() {
		return this.jdbc.queryForObject("select count(*) from audit_event", Long.class);
	}

}
