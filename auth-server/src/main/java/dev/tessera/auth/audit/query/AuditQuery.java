package dev.tessera.auth.audit.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;

/**
 * Reads the audit trail for the admin API and exports: filtered, oldest first, in
 * pages continued by keyset ({@link AuditCursor}). Events appear once committed; since a
 * writer stamps an event slightly before it commits, an event may become visible a
 * moment after a later-stamped one, so a reader that has already paged past that time
 * will not see it in the same reading.
 */
public class AuditQuery {

	/** The trail's order, backed by the {@code (occurred_at, id)} index. */
	static final Sort ORDER = Sort.by("occurredAt", "id");

	private final AuditEventRecordRepository repository;

	public AuditQuery(AuditEventRecordRepository repository) {
		this.repository = repository;
	}

	public AuditPage find(AuditSearch search) {
		Specification<AuditEventRecord> specification = matching(search.filter(), search.after());
		int limit = search.limit();
		// one more than asked for tells whether another page follows
		List<AuditEventRecord> rows = this.repository.findBy(specification,
				query -> query.sortBy(ORDER).limit(limit + 1).all());
		if (rows.size() <= limit) {
			return new AuditPage(rows, null);
		}
		List<AuditEventRecord> page = rows.subList(0, limit);
		return new AuditPage(page, AuditCursor.after(page.get(limit - 1)));
	}

	static Specification<AuditEventRecord> matching(AuditFilter filter, AuditCursor after) {
		return (root, query, cb) -> {
			List<Predicate> predicates = new ArrayList<>();
			if (filter.clientId() != null) {
				predicates.add(cb.equal(root.get("principal"), filter.clientId()));
				predicates.add(cb.equal(root.get("principalType"), "client"));
			}
			equal(predicates, cb, root, "principal", filter.principal());
			equal(predicates, cb, root, "operation", filter.operation());
			equal(predicates, cb, root, "outcome", (filter.outcome() != null) ? filter.outcome().value() : null);
			equal(predicates, cb, root, "correlationId", filter.correlationId());
			Path<Instant> occurredAt = root.get("occurredAt");
			if (filter.from() != null) {
				predicates.add(cb.greaterThanOrEqualTo(occurredAt, filter.from()));
			}
			if (filter.to() != null) {
				predicates.add(cb.lessThan(occurredAt, filter.to()));
			}
			if (after != null) {
				Instant at = after.occurredAt();
				Path<UUID> id = root.get("id");
				predicates.add(cb.or(cb.greaterThan(occurredAt, at),
						cb.and(cb.equal(occurredAt, at), cb.greaterThan(id, after.id()))));
			}
			return cb.and(predicates.toArray(Predicate[]::new));
		};
	}

	private static void equal(List<Predicate> predicates, CriteriaBuilder cb, Root<AuditEventRecord> root,
			String attribute, String value) {
		if (value != null) {
			predicates.add(cb.equal(root.get(attribute), value));
		}
	}

}
