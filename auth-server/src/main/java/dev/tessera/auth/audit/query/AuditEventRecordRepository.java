package dev.tessera.auth.audit.query;

import dev.tessera.auth.audit.write.AuditWriter;
import java.util.UUID;

import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.repository.Repository;

/**
 * Reads the audit trail by filter ({@link AuditQuery} builds the specifications). A
 * plain {@link Repository}, not a {@code JpaRepository}, so it offers no save: rows
 * come only from the {@link AuditWriter}, and the database refuses changes anyway.
 */
public interface AuditEventRecordRepository
		extends Repository<AuditEventRecord, UUID>, JpaSpecificationExecutor<AuditEventRecord> {

}
