-- A client's "tokens not before" value: set at registration and moved forward (to the
-- microsecond) by every security change (disabled, a scope, audience, grant type or
-- authentication method removed, secret methods or keys changed, a secret rotated
-- without grace). Access tokens carry the value of the client state they were issued
-- under (claim tnb); a token whose tnb is below the current value is inactive
-- (introspection, revocation, admin API). Tokens without the claim fall back to their
-- iat (see TokensNotBefore). Existing clients start from their registration time
-- rounded down to the second, which is what the server checked before this column.
alter table client add column tokens_not_before timestamptz;
update client set tokens_not_before = date_trunc('second', created_at);
alter table client alter column tokens_not_before set not null;
