-- The audit trail: one row per token request, introspection, revocation, failed
-- authentication, key change and admin change. Append-only and hash-chained.
--
-- Each writer (one per running node, chain_id = that node's process) keeps its own
-- chain, numbered by seq, so writers never wait on each other: hash = SHA-256 over
-- prev_hash and the row's canonical form (see AuditHashChain), prev_hash = the hash
-- of the chain's previous row (32 zero bytes for a chain's first row).
create table audit_event (
    id             uuid          primary key,
    chain_id       uuid          not null,
    seq            bigint        not null,
    occurred_at    timestamptz   not null,
    correlation_id varchar(128)  not null,
    principal      varchar(200),
    principal_type varchar(20)   not null check (principal_type in ('client', 'user', 'partner', 'system', 'anonymous')),
    operation      varchar(100)  not null,
    source_ip      varchar(64),
    outcome        varchar(20)   not null check (outcome in ('success', 'business_error', 'system_error')),
    detail         text          not null default '{}',
    payload_ref    varchar(200),
    prev_hash      bytea         not null,
    hash           bytea         not null,
    unique (chain_id, seq)
);

create index audit_event_time_idx on audit_event (occurred_at, id);
create index audit_event_principal_idx on audit_event (principal, occurred_at);
create index audit_event_correlation_idx on audit_event (correlation_id);
create index audit_event_operation_idx on audit_event (operation, occurred_at);

-- Append-only: no UPDATE or TRUNCATE ever, and DELETE only from the retention job,
-- which marks its transaction with SET LOCAL tessera.audit_retention = 'on' (and
-- records that it did). A superuser can still bypass triggers; the hash chain is
-- what reveals such tampering (GET /admin/api/audit/verify).
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and coalesce(current_setting('tessera.audit_retention', true), '') = 'on' then
        return old;
    end if;
    raise exception 'audit_event is append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end
$$;

create trigger audit_event_no_update_or_delete
    before update or delete on audit_event
    for each row execute function audit_event_append_only();

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_append_only();
