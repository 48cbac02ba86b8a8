-- A client's "tokens not before" time: an access token whose iat is earlier is
-- inactive (introspection, revocation, admin API). Set at registration and moved
-- forward by every security change (disabled, scopes removed, secret methods or keys
-- changed, a secret rotated without grace). The server stores whole seconds, rounded
-- up (see TokensNotBefore). Existing clients start from their registration time
-- rounded down, which is what the server checked before this column existed.
alter table client add column tokens_not_before timestamptz;
update client set tokens_not_before = date_trunc('second', created_at);
alter table client alter column tokens_not_before set not null;
