-- Tessera schema, version 2: single use of private_key_jwt client assertions.
--
-- RFC 7523 §3 lets a server refuse a client assertion whose jti it has seen before.
-- Tessera always does, on every node: the first token request with a given
-- (client_id, jti) inserts a row here, and a replay, on this node or any other, finds
-- the row and is refused as invalid_client. A row is needed only while the assertion
-- itself could still be accepted (its exp plus the allowed clock skew, at most a few
-- minutes), so expires_at is indexed for the scheduled sweep that deletes old rows.
create table used_client_assertion (
    client_id  varchar(100) not null,
    jti        varchar(200) not null,
    expires_at timestamptz  not null,
    primary key (client_id, jti)
);
create index used_client_assertion_expires_idx on used_client_assertion (expires_at);
