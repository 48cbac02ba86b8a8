-- Tessera schema, version 7: the JWT-bearer grant (RFC 7523 §2.1).
--
-- A trusted issuer is a partner's identity provider whose signed assertions a client may
-- exchange for an access token. Its keys are either inline (jwks) or fetched from its
-- jwks_uri under the outbound rules, never both. audiences are the aud values an
-- assertion may carry (set to this server's issuer identifier and token endpoint URL
-- when an admin gives none); allowed clients and allowed scopes bound who may exchange
-- and what they get (a scope in use here cannot be deleted from the catalogue, as for
-- clients); subject_prefix keeps partner subjects apart from local ones and from each
-- other's, so it is unique when set.
create table trusted_issuer (
    id                              uuid          primary key,
    issuer                          varchar(500)  not null unique,
    jwks                            text,
    jwks_uri                        varchar(2000),
    max_assertion_lifetime_seconds  integer       not null default 300
                                    check (max_assertion_lifetime_seconds between 1 and 3600),
    subject_prefix                  varchar(100)  unique,
    created_at                      timestamptz   not null default now(),
    updated_at                      timestamptz   not null default now(),
    check ((jwks is null) <> (jwks_uri is null))
);

create table trusted_issuer_audience (
    trusted_issuer_id uuid          not null references trusted_issuer (id) on delete cascade,
    audience          varchar(2000) not null,
    primary key (trusted_issuer_id, audience)
);

create table trusted_issuer_client (
    trusted_issuer_id uuid         not null references trusted_issuer (id) on delete cascade,
    client_id         varchar(100) not null,
    primary key (trusted_issuer_id, client_id)
);

create table trusted_issuer_scope (
    trusted_issuer_id uuid         not null references trusted_issuer (id) on delete cascade,
    scope             varchar(200) not null references scope (name) on delete restrict,
    primary key (trusted_issuer_id, scope)
);

-- Single use of partner assertions: the first exchange of an (issuer, jti) pair inserts
-- a row in the transaction of its audit event; a replay on any node finds the row and is
-- refused as invalid_grant. A row lives until the assertion could no longer be accepted
-- on any node (its exp plus twice the allowed clock skew, on the database's clock), then
-- the scheduled sweep deletes it.
create table used_partner_assertion (
    issuer     varchar(500) not null,
    jti        varchar(200) not null,
    expires_at timestamptz  not null,
    primary key (issuer, jti)
);
create index used_partner_assertion_expires_idx on used_partner_assertion (expires_at);
