-- Tessera schema, version 14: the audit trail partitioned by month, so that retention
-- detaches and drops a month of rows at once instead of deleting them row by row (which
-- leaves the table and its indexes full of dead tuples for vacuum to chase, for years).
--
-- audit_event becomes a partitioned table (range on occurred_at) with the same columns,
-- checks, triggers and rights. Its partitions are named audit_event_yYYYYmMM and each holds
-- [first of that month, first of the next month) UTC. There is no DEFAULT partition: a
-- default partition holding rows of a month blocks creating that month's partition, and a
-- missing month must be loud, not silently absorbed. The server creates the months ahead
-- (audit_event_create_partitions below, at start and daily, tessera.audit.partitions-ahead,
-- default 3) and reports DOWN on the auditPartitions health indicator when fewer than
-- one month ahead exists; an insert for a month without a partition fails.
--
-- Converting rewrites every row under an exclusive lock on the old table: no node, old or
-- new, stores an audit row until the migration commits (token requests wait up to
-- tessera.audit.wait-timeout, then answer 503 temporarily_unavailable; docs/deploy.md). On
-- the embedded PostgreSQL it copies 1 million rows in 9.8 s including the indexes
-- (db/README.md); plan the upgrade window for the size of the trail.
--
-- Unique constraints of a partitioned table must include the partition key, so the
-- primary key becomes (id, occurred_at) and (chain_id, seq) is no longer unique across
-- months: the writer never relied on it (it numbers its own chain), and the verifier
-- reports a repeated or missing seq as a broken chain.

lock table audit_event in access exclusive mode;
alter table audit_event rename to audit_event_v13;

create table audit_event (
    id             uuid          not null,
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
    hash           bytea         not null
) partition by range (occurred_at);

-- One month's partition, owned by the owner role like its parent. The runtime role reaches
-- the rows only through audit_event (rights are checked on the table a statement names, so
-- it needs none on a partition): what V6's default privileges would grant it on the
-- partition is taken back, so it cannot update, delete or truncate a month by naming it.
-- The month is built as a table of its own and then attached: CREATE TABLE ... PARTITION OF
-- would take an ACCESS EXCLUSIVE lock on audit_event, queueing every insert behind a long
-- reader (a verification, an export); ATTACH PARTITION takes SHARE UPDATE EXCLUSIVE on it,
-- which readers and writers do not conflict with. The table is empty and carries the
-- range as a CHECK, so attaching scans nothing. The row triggers of the parent are cloned
-- onto the partition by the attach; the statement-level TRUNCATE trigger is not, so each
-- partition gets its own.
create function audit_event_add_partition(p_month timestamp) returns boolean
    language plpgsql
    set search_path = pg_catalog, ${flyway:defaultSchema}, pg_temp
    set timezone = 'UTC'
as $$
declare
    month_start timestamp := date_trunc('month', p_month);
    partition_name text := format('audit_event_y%sm%s', to_char(month_start, 'YYYY'), to_char(month_start, 'MM'));
    schema_name text := '${flyway:defaultSchema}';
    from_bound timestamptz := month_start at time zone 'UTC';
    to_bound timestamptz := (month_start + interval '1 month') at time zone 'UTC';
begin
    if to_regclass(format('%I.%I', schema_name, partition_name)) is not null then
        return false;
    end if;
    execute format('create table %I.%I (like %I.audit_event including defaults including constraints)',
        schema_name, partition_name, schema_name);
    execute format('alter table %I.%I add constraint %I check (occurred_at >= %L and occurred_at < %L)',
        schema_name, partition_name, partition_name || '_range', from_bound, to_bound);
    execute format('revoke all on %I.%I from tessera_runtime', schema_name, partition_name);
    execute format('create trigger audit_event_no_truncate before truncate on %I.%I '
        || 'for each statement execute function audit_event_append_only()', schema_name, partition_name);
    execute format('alter table %I.audit_event attach partition %I.%I for values from (%L) to (%L)',
        schema_name, schema_name, partition_name, from_bound, to_bound);
    return true;
end
$$;
revoke all on function audit_event_add_partition(timestamp) from public;

-- What the server calls (as the runtime role, which owns nothing): creates every missing
-- month from the current one (UTC) to p_months_ahead months after it, and returns how many
-- it created. Idempotent; nodes calling it at once take turns on an advisory lock. A lock
-- not granted within 2 s (a VACUUM or another DDL on audit_event) makes the call fail
-- rather than wait: the server tries again the next day, and the months are created
-- several months ahead, so a missed day costs nothing.
create function audit_event_create_partitions(p_months_ahead int) returns int
    language plpgsql
    security definer
    set search_path = pg_catalog, ${flyway:defaultSchema}, pg_temp
    set timezone = 'UTC'
    set lock_timeout = '2s'
as $$
declare
    this_month timestamp := date_trunc('month', now() at time zone 'UTC');
    created int := 0;
begin
    if p_months_ahead is null or p_months_ahead < 0 or p_months_ahead > 120 then
        raise exception 'audit partitions are created 0 to 120 months ahead' using errcode = 'invalid_parameter_value';
    end if;
    perform pg_advisory_xact_lock(7365726173003);
    for i in 0 .. p_months_ahead loop
        if audit_event_add_partition(this_month + make_interval(months => i)) then
            created := created + 1;
        end if;
    end loop;
    return created;
end
$$;
revoke all on function audit_event_create_partitions(int) from public;
grant execute on function audit_event_create_partitions(int) to tessera_runtime;

-- Every month from the oldest row's (or the month before this one, for a clock just
-- behind at a month's start) to three months ahead (and to the newest row's, should a
-- clock have run a little ahead), then the rows, then the indexes (built once over the
-- loaded partitions, faster than maintained row by row). A row stamped more than a year
-- ahead, or at -infinity/infinity, would have this create a partition for every month up
-- to it under the exclusive lock (a row at 3000-01-01 means 11,000 tables): the migration
-- refuses at once instead, naming how many such rows there are (db/README.md says what
-- the owner does about them).
do $$
declare
    first_month timestamp;
    last_month timestamp;
    beyond bigint;
begin
    select count(*) into beyond from audit_event_v13
        where occurred_at >= now() + interval '12 months' or occurred_at = '-infinity' or occurred_at = 'infinity';
    if beyond > 0 then
        raise exception 'audit_event holds % row(s) stamped after % or at -infinity/infinity; V14 would create a partition for every month up to them. See db/README.md (V14, rows from a clock far ahead).', beyond, now() + interval '12 months'
            using errcode = 'data_exception';
    end if;
    select date_trunc('month', min(occurred_at) at time zone 'UTC'), date_trunc('month', max(occurred_at) at time zone 'UTC')
        into first_month, last_month from audit_event_v13;
    first_month := least(coalesce(first_month, 'infinity'), date_trunc('month', now() at time zone 'UTC') - interval '1 month');
    last_month := greatest(coalesce(last_month, '-infinity'), date_trunc('month', now() at time zone 'UTC') + interval '3 months');
    while first_month <= last_month loop
        perform audit_event_add_partition(first_month);
        first_month := first_month + interval '1 month';
    end loop;
end
$$;

insert into audit_event select * from audit_event_v13;
drop table audit_event_v13;

alter table audit_event add primary key (id, occurred_at);
-- the verifier's order and the writer's chain head; unique only per month now
create index audit_event_chain_seq_idx on audit_event (chain_id, seq);
create index audit_event_time_idx on audit_event (occurred_at, id);
create index audit_event_principal_idx on audit_event (principal, occurred_at);
create index audit_event_correlation_idx on audit_event (correlation_id);
create index audit_event_operation_idx on audit_event (operation, occurred_at);

-- V3's triggers, on the parent: the row trigger is cloned onto every partition, present
-- and future (PostgreSQL 13 and later); TRUNCATE of the parent fires this statement trigger.
create trigger audit_event_no_update_or_delete
    before update or delete on audit_event
    for each row execute function audit_event_append_only();

create trigger audit_event_no_truncate
    before truncate on audit_event
    for each statement execute function audit_event_append_only();

-- V6's rights: append and read, nothing else (default privileges granted more).
revoke all on audit_event from tessera_runtime;
grant select, insert on audit_event to tessera_runtime;

-- Retention now drops whole months (audit_retention_drop_partition below); the row-by-row
-- path goes, so the runtime role can no longer remove any row by id.
drop function audit_retention_delete(uuid[]);

-- Retention's stragglers. A writer stamps an event before queueing it, so near a month's
-- end a chain's seq order and time order can differ by milliseconds, and a row with a
-- lower seq than the month's last may sit in the next month. Those rows (of each chain,
-- every row after the month with a seq below the highest seq dropped) are removed with the
-- month, so what leaves a chain is always a prefix of it. They are looked for only within
-- an hour after the month (far more than a queue's delay): a chain with such a row later
-- than that (a forged row with a huge seq in the month, a clock set back) cannot leave
-- as a prefix, and the month is refused with the reason rather than taking a later month's
-- rows with it. Each chain is probed on its (chain_id, seq) index in the later partitions,
-- never by scanning them.
--
-- audit_retention_check_partition says, without changing anything, whether
-- audit_retention_drop_partition would drop p_partition now: the rows it holds, the
-- stragglers that would go with it, and refusal (null when it may go, else why not). The
-- server asks before archiving, so a refused month costs no archive, and reports the
-- refusal (health, log, audit event). Refused when p_partition is not the oldest
-- partition, when its range (plus the straggler hour) does not end at or before
-- now() - audit_retention_policy.min_age (V6's floor: rows younger than that stay whatever
-- the server's retention says), or when a chain has a row after the straggler hour below
-- the month's highest seq of that chain.
create function audit_retention_check_partition(p_partition text, out month_rows bigint, out straggler_rows bigint,
        out refusal text)
    language plpgsql
    security definer
    stable
    set search_path = pg_catalog, ${flyway:defaultSchema}, pg_temp
    set timezone = 'UTC'
as $$
declare
    part regclass;
    bound text;
    lower_bound timestamptz;
    upper_bound timestamptz;
    oldest_kept timestamptz;
    beyond_chain uuid;
    beyond_rows bigint;
begin
    if p_partition is null or p_partition !~ '^audit_event_y[0-9]{4}m[0-9]{2}$' then
        raise exception 'audit retention drops a partition audit_event_yYYYYmMM'
            using errcode = 'invalid_parameter_value';
    end if;
    part := to_regclass(format('%I.%I', '${flyway:defaultSchema}', p_partition));
    select pg_get_expr(c.relpartbound, c.oid) into bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'audit_event'::regclass and i.inhrelid = part;
    lower_bound := substring(bound from 'FROM \(''([^'']+)''\)')::timestamptz;
    upper_bound := substring(bound from 'TO \(''([^'']+)''\)')::timestamptz;
    if part is null or lower_bound is null or upper_bound is null then
        raise exception 'audit retention drops only a month partition of audit_event; % is none', p_partition
            using errcode = 'invalid_parameter_value';
    end if;
    if exists (
        select 1 from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'audit_event'::regclass and i.inhrelid <> part
          and coalesce(substring(pg_get_expr(c.relpartbound, c.oid) from 'FROM \(''([^'']+)''\)')::timestamptz < lower_bound, true)) then
        refusal := format('%s is not the oldest partition of audit_event', p_partition);
        return;
    end if;
    select now() - min_age into oldest_kept from audit_retention_policy;
    if oldest_kept is null or upper_bound + interval '1 hour' > oldest_kept then
        refusal := format('retention removes only rows that occurred before %s (audit_retention_policy); %s and '
            || 'its stragglers end at %s', coalesce(oldest_kept::text, '(no audit_retention_policy row)'),
            p_partition, upper_bound + interval '1 hour');
        return;
    end if;
    execute format('select count(*) from %s', part) into month_rows;
    execute format('select coalesce(sum(s.n), 0) from (select chain_id, max(seq) as top from %s group by chain_id) cut, '
        || 'lateral (select count(*) as n from audit_event e where e.chain_id = cut.chain_id and e.seq < cut.top '
        || 'and e.occurred_at >= $1 and e.occurred_at < $1 + interval ''1 hour'') s', part)
        into straggler_rows using upper_bound;
    execute format('select cut.chain_id, s.n from (select chain_id, max(seq) as top from %s group by chain_id) cut, '
        || 'lateral (select count(*) as n from audit_event e where e.chain_id = cut.chain_id and e.seq < cut.top '
        || 'and e.occurred_at >= $1 + interval ''1 hour'') s where s.n > 0 limit 1', part)
        into beyond_chain, beyond_rows using upper_bound;
    if beyond_chain is not null then
        refusal := format('chain %s has %s row(s) after %s with a seq below its highest in %s: removing the month '
            || 'would not remove a prefix of that chain (a forged or misdated row; the verifier names it)',
            beyond_chain, beyond_rows, upper_bound + interval '1 hour', p_partition);
    end if;
end
$$;
revoke all on function audit_retention_check_partition(text) from public;
grant execute on function audit_retention_check_partition(text) to tessera_runtime;

-- The retention job's only way to remove rows: drops the oldest month once the server has
-- archived it, and only if audit_retention_check_partition allows it and the month with
-- its stragglers holds exactly p_rows rows, so a row that arrived after the archive was
-- written is never dropped unarchived. The stragglers are deleted by the same predicate
-- that counted them (never by id alone: the key is (id, occurred_at), and a forged row
-- reusing an id must not take another row with it), and the delete must remove exactly
-- as many. A chain whose every row was in the month leaves whole: the retention event's
-- anchor records where it ended.
-- The partition is locked against inserts while it is counted; detaching it takes a brief
-- exclusive lock on audit_event, waited for at most lock_timeout (5 s) so that a long
-- verification or export holding the table makes the run fail and retry rather than
-- stall the writers queued behind it.
create function audit_retention_drop_partition(p_partition text, p_rows bigint) returns bigint
    language plpgsql
    security definer
    set search_path = pg_catalog, ${flyway:defaultSchema}, pg_temp
    set timezone = 'UTC'
as $$
declare
    part regclass;
    upper_bound timestamptz;
    checked record;
    chains uuid[];
    tops bigint[];
    deleted bigint;
begin
    if p_rows is null then
        raise exception 'audit retention drops a partition audit_event_yYYYYmMM, given its row count'
            using errcode = 'invalid_parameter_value';
    end if;
    perform set_config('lock_timeout', '5s', true);
    part := to_regclass(format('%I.%I', '${flyway:defaultSchema}', p_partition));
    if part is not null then
        execute format('lock table %s in share mode', part);
    end if;
    select * into checked from audit_retention_check_partition(p_partition);
    if checked.refusal is not null then
        raise exception 'audit retention: % not dropped: %', p_partition, checked.refusal
            using errcode = 'insufficient_privilege';
    end if;
    if checked.month_rows + checked.straggler_rows <> p_rows then
        raise exception 'audit retention archived % row(s) but % holds % and % straggler(s) after it; not dropped',
            p_rows, p_partition, checked.month_rows, checked.straggler_rows
            using errcode = 'insufficient_privilege';
    end if;
    upper_bound := substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \(''([^'']+)''\)')::timestamptz
        from pg_class c where c.oid = part;
    execute format('select array_agg(chain_id), array_agg(top) from '
        || '(select chain_id, max(seq) as top from %s group by chain_id) cut', part) into chains, tops;
    execute format('alter table audit_event detach partition %s', part);
    execute format('drop table %s', part);
    perform set_config('tessera.audit_retention', 'on', true);
    delete from audit_event e using unnest(chains, tops) as cut(chain_id, top)
        where e.chain_id = cut.chain_id and e.seq < cut.top
          and e.occurred_at >= upper_bound and e.occurred_at < upper_bound + interval '1 hour';
    get diagnostics deleted = row_count;
    perform set_config('tessera.audit_retention', '', true);
    if deleted <> checked.straggler_rows then
        raise exception 'audit retention counted % straggler(s) after % but would delete %; not dropped',
            checked.straggler_rows, p_partition, deleted
            using errcode = 'insufficient_privilege';
    end if;
    return p_rows;
end
$$;
revoke all on function audit_retention_drop_partition(text, bigint) from public;
grant execute on function audit_retention_drop_partition(text, bigint) to tessera_runtime;
