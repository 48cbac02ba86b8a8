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

-- The back-fill from the trail as it stands, counting as the writer does. The scope and
-- error values are cut out of the detail text rather than parsed as JSON: the writer's
-- detail is flat JSON whose granted scopes (a set: no scope twice) and error codes hold
-- no quote or backslash, cutting costs a fraction of a parse over millions of rows, and
-- a row that is not JSON (only tampering makes one) cannot stop the migration. Nodes of
-- the previous version add no rollups: stop them before the first node of this version
-- starts, as for V6.
insert into token_usage_daily (day, chain_id, client_id, scope, tokens)
select (e.occurred_at at time zone 'UTC')::date, e.chain_id, e.principal, left(s.scope, 200), count(*)
from audit_event e
cross join lateral unnest(array[''] || string_to_array(split_part(split_part(e.detail, '"scope":"', 2), '"', 1), ' '))
    with ordinality as s(scope, n)
where e.operation = 'token.issue' and e.outcome = 'success' and e.principal is not null
  and (s.n = 1 or s.scope <> '')
group by 1, 2, 3, 4;

insert into audit_outcome_hourly (hour, chain_id, operation, outcome, error, events)
select date_trunc('hour', e.occurred_at, 'UTC'), e.chain_id, e.operation, e.outcome,
       left(split_part(split_part(e.detail, '"error":"', 2), '"', 1), 100), count(*)
from audit_event e
group by 1, 2, 3, 4, 5;
