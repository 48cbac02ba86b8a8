-- Tessera schema, version 11: rollups of the audit trail, so that the scope review and
-- the console's figures read a few thousand summed rows instead of millions of events.
--
-- The audit writer adds to them in the same transaction as the batch of events it
-- inserts (one statement per batch), so a rollup never counts an event the trail lacks,
-- nor misses one it holds. Each row belongs to one writer's chain (chain_id): nodes never
-- add to the same row, so they never wait on each other's row locks. Readers sum over
-- chains. Days and hours are UTC. Retention removes events, never rollups: the figures
-- outlive the rows they summarise.
--
-- token_usage_daily: tokens issued per day and client; the row with scope = '' counts
-- every token, and each granted scope has a row of its own (a token with three scopes
-- adds 1 to '' and 1 to each of the three).
create table token_usage_daily (
    day       date         not null,
    chain_id  uuid         not null,
    client_id varchar(200) not null,
    scope     varchar(200) not null,
    tokens    bigint       not null check (tokens >= 0),
    primary key (day, chain_id, client_id, scope)
);

-- One client's days (its usage; the last day it got a token).
create index token_usage_daily_client_idx on token_usage_daily (client_id, day);

-- audit_outcome_hourly: every audited event per hour, operation, outcome and error code
-- ('' when the event names none): failed authentications without reading the trail.
create table audit_outcome_hourly (
    hour      timestamptz  not null,
    chain_id  uuid         not null,
    operation varchar(100) not null,
    outcome   varchar(20)  not null,
    error     varchar(100) not null default '',
    events    bigint       not null check (events >= 0),
    primary key (hour, chain_id, operation, outcome, error)
);

-- The runtime role adds to rollups and reads them; nothing removes them (V6's default
-- privileges would also grant delete: taken back here).
grant select, insert, update on token_usage_daily, audit_outcome_hourly to tessera_runtime;
revoke delete, truncate, references, trigger on token_usage_daily, audit_outcome_hourly from tessera_runtime;

-- The back-fill from the trail as it stands. The detail column is the writer's JSON
-- text; a row that is not JSON (only tampering makes one) counts without its scopes or
-- error rather than stopping the migration. Nodes of the previous version add no
-- rollups: stop them before the first node of this version starts, as for V6.
create function v11_detail(detail text) returns jsonb language plpgsql immutable as $$
begin
    return detail::jsonb;
exception
    when others then return null;
end
$$;

insert into token_usage_daily (day, chain_id, client_id, scope, tokens)
select (e.occurred_at at time zone 'UTC')::date, e.chain_id, e.principal, s.scope, count(*)
from audit_event e
cross join lateral (
    select '' as scope
    union all
    select distinct left(granted, 200)
    from regexp_split_to_table(coalesce(v11_detail(e.detail) ->> 'scope', ''), ' ') as granted
    where granted <> ''
) s
where e.operation = 'token.issue' and e.outcome = 'success' and e.principal is not null
group by 1, 2, 3, 4;

insert into audit_outcome_hourly (hour, chain_id, operation, outcome, error, events)
select date_trunc('hour', e.occurred_at, 'UTC'), e.chain_id, e.operation, e.outcome,
       coalesce(left(case when e.detail like '%"error"%' then v11_detail(e.detail) ->> 'error' end, 100), ''),
       count(*)
from audit_event e
group by 1, 2, 3, 4, 5;

drop function v11_detail(text);
