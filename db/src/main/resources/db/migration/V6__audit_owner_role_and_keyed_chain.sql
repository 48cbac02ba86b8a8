-- Tessera schema, version 6: the audit trail holds against the server's own database
-- role. Flyway runs as the owner role (SPRING_FLYWAY_USER); the server runs as a login
-- role that is a member of tessera_runtime, which this migration grants what the server
-- needs (db/README.md shows the two roles). On audit_event the runtime role may only
-- INSERT and SELECT: it cannot change, delete or truncate rows, cannot disable the
-- triggers (that takes the owner), and rows leave only through audit_retention_delete,
-- which runs as the owner.

do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'tessera_runtime') then
        create role tessera_runtime nologin;
    end if;
exception
    when duplicate_object then null; -- created concurrently by another database's migration
end
$$;

grant usage on schema ${flyway:defaultSchema} to tessera_runtime;
grant select, insert, update, delete on all tables in schema ${flyway:defaultSchema} to tessera_runtime;
grant usage, select on all sequences in schema ${flyway:defaultSchema} to tessera_runtime;
-- tables and sequences later migrations create (as this same owner) get the same rights
alter default privileges in schema ${flyway:defaultSchema}
    grant select, insert, update, delete on tables to tessera_runtime;
alter default privileges in schema ${flyway:defaultSchema}
    grant usage, select on sequences to tessera_runtime;

-- Flyway's own history is the owner's business.
revoke all on ${flyway:table} from tessera_runtime;

-- The audit trail: append and read, nothing else.
revoke update, delete, truncate, references, trigger on audit_event from tessera_runtime;

-- Rows chained before this version used plain SHA-256, which anyone able to write rows
-- can recompute. Their chains are closed here: each chain's last row as it stood at this
-- migration. The verifier checks such a chain with SHA-256, requires it to end exactly
-- here, and checks every chain not listed with the keyed chain (HMAC-SHA-256).
create table audit_legacy_chain (
    chain_id    uuid        primary key,
    last_seq    bigint      not null,
    last_hash   bytea       not null,
    recorded_at timestamptz not null default now()
);
insert into audit_legacy_chain (chain_id, last_seq, last_hash)
    select distinct on (chain_id) chain_id, seq, hash from audit_event order by chain_id, seq desc;
revoke insert, update, delete, truncate, references, trigger on audit_legacy_chain from tessera_runtime;

-- The youngest rows retention may ever remove: older than min_age (by occurred_at, which
-- no one but the owner can change once a row is stored). One row, written here and
-- changeable only by the owner role (the runtime role may read it), e.g. as the owner:
--     update audit_retention_policy set min_age = interval '90 days';
-- The retention period the server is configured with (tessera.audit.retention, default
-- 7 years) should stay above it; rows younger than min_age are kept whatever it says.
create table audit_retention_policy (
    only_row boolean  primary key default true check (only_row),
    min_age  interval not null check (min_age >= interval '0')
);
insert into audit_retention_policy (min_age) values (interval '30 days');
revoke insert, update, delete, truncate, references, trigger on audit_retention_policy from tessera_runtime;

-- The retention job's only way to remove rows: runs as this owner, opens the trigger
-- for its own statement only, and removes only what a retention run may:
--   * between 1 and 10000 ids, none of them null (a null would make "is this row
--     listed?" unknown rather than false);
--   * only rows older than audit_retention_policy.min_age, so a chain (or its newest
--     rows) younger than that cannot be removed at all;
--   * only a prefix of each chain it touches (the rows below the highest removed seq of
--     a chain must all be removed too), so it cannot cut a hole in a chain;
--   * never a chain's newest row: every chain keeps an end, which its checkpoints and
--     retention's anchor link to.
create function audit_retention_delete(p_ids uuid[]) returns bigint
    language plpgsql
    security definer
    set search_path = pg_catalog, ${flyway:defaultSchema}, pg_temp
as $$
declare
    removed bigint;
    oldest_kept timestamptz;
begin
    if p_ids is null or cardinality(p_ids) = 0 or cardinality(p_ids) > 10000
            or exists (select 1 from unnest(p_ids) as listed(id) where listed.id is null) then
        raise exception 'audit retention takes 1 to 10000 row ids, none of them null'
            using errcode = 'invalid_parameter_value';
    end if;
    select now() - min_age into oldest_kept from audit_retention_policy;
    if oldest_kept is null then
        raise exception 'audit_retention_policy has no row; the owner role must restore it'
            using errcode = 'insufficient_privilege';
    end if;
    if exists (select 1 from audit_event e where e.id = any(p_ids) and not coalesce(e.occurred_at < oldest_kept, false)) then
        raise exception 'audit retention removes only rows that occurred before % (audit_retention_policy)', oldest_kept
            using errcode = 'insufficient_privilege';
    end if;
    if exists (
        select 1
        from (select chain_id, max(seq) as top from audit_event where id = any(p_ids) group by chain_id) cut
        join audit_event e on e.chain_id = cut.chain_id and e.seq < cut.top
        where not coalesce(e.id = any(p_ids), false)) then
        raise exception 'audit retention removes only a prefix of each chain' using errcode = 'insufficient_privilege';
    end if;
    if exists (
        select 1
        from (select chain_id, max(seq) as top from audit_event where id = any(p_ids) group by chain_id) cut
        where not exists (select 1 from audit_event n where n.chain_id = cut.chain_id and n.seq > cut.top)) then
        raise exception 'audit retention never removes the newest row of a chain' using errcode = 'insufficient_privilege';
    end if;
    perform set_config('tessera.audit_retention', 'on', true);
    delete from audit_event where id = any(p_ids);
    get diagnostics removed = row_count;
    perform set_config('tessera.audit_retention', '', true);
    return removed;
end
$$;
revoke all on function audit_retention_delete(uuid[]) from public;
grant execute on function audit_retention_delete(uuid[]) to tessera_runtime;
