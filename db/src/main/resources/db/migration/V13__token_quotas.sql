-- Tessera schema, version 13: per-client token quotas (issue 16), so that a runaway
-- integration cannot flood resource servers with tokens.
--
-- token_quota_hourly / token_quota_daily: the most access tokens the client may get per
-- UTC hour and per UTC day, over every grant and every node; null means no limit. The
-- admin API also keeps daily >= hourly when both are set; the checks here only keep out
-- the nonsensical.
alter table client add column token_quota_hourly integer check (token_quota_hourly > 0);
alter table client add column token_quota_daily integer check (token_quota_daily > 0);

-- token_quota_usage: the tokens each client with a quota got per UTC hour, across the
-- cluster. Nodes count in memory and add what they counted every few seconds
-- (tessera.quotas.sync-interval), one batched upsert per node and interval, never a
-- write per token; the same transaction reads the current hour's and day's totals back.
-- Keyed by the client's internal id (client.id), without a foreign key: a client deleted
-- meanwhile must not make a node's whole batch fail, and its rows go with the others.
-- Rows older than tessera.quotas.retention (2 days) are removed by the nodes, hourly.
create table token_quota_usage (
    client_pk uuid        not null,
    hour      timestamptz not null,
    tokens    bigint      not null check (tokens >= 0),
    primary key (client_pk, hour)
) with (fillfactor = 70); -- room for the in-place (HOT) updates of the upsert

-- The day's totals (every client with usage today) and the removal of old rows.
create index token_quota_usage_hour_idx on token_quota_usage (hour);

-- The runtime role adds to, reads and removes usage rows (V6's default privileges grant
-- the same; granted explicitly so the table does not depend on which role ran V6).
grant select, insert, update, delete on token_quota_usage to tessera_runtime;
revoke truncate, references, trigger on token_quota_usage from tessera_runtime;
