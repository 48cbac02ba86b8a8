-- Tessera schema, version 1: clients, scopes, secrets, signing keys, users and
-- the access-token deny list. Every table is described in db/README.md.
-- Timestamps are timestamptz throughout (UTC instants, microsecond precision).

-- The scope catalogue. A client may only be given scopes listed here.
create table scope (
    name        varchar(200)  primary key,
    description varchar(1000) not null default '',
    created_at  timestamptz   not null default now()
);

-- Registered OAuth clients. client_id is the public identifier; id is internal.
create table client (
    id                       uuid          primary key,
    client_id                varchar(100)  not null unique,
    name                     varchar(200)  not null,
    enabled                  boolean       not null default true,
    access_token_ttl_seconds integer       check (access_token_ttl_seconds > 0),
    secret_ttl_seconds       integer       check (secret_ttl_seconds > 0),
    jwks                     text,
    jwks_uri                 varchar(2000),
    tls_subject_dn           varchar(1000),
    certificate_bound_tokens boolean       not null default false,
    created_at               timestamptz   not null default now(),
    updated_at               timestamptz   not null default now()
);

create table client_grant_type (
    client_pk  uuid         not null references client (id) on delete cascade,
    grant_type varchar(200) not null,
    primary key (client_pk, grant_type)
);

create table client_auth_method (
    client_pk   uuid        not null references client (id) on delete cascade,
    auth_method varchar(100) not null,
    primary key (client_pk, auth_method)
);

-- A scope in use cannot be deleted from the catalogue (on delete restrict).
create table client_scope (
    client_pk uuid         not null references client (id) on delete cascade,
    scope     varchar(200) not null references scope (name) on delete restrict,
    primary key (client_pk, scope)
);
create index client_scope_scope_idx on client_scope (scope);

create table client_default_scope (
    client_pk uuid         not null references client (id) on delete cascade,
    scope     varchar(200) not null references scope (name) on delete restrict,
    primary key (client_pk, scope)
);
create index client_default_scope_scope_idx on client_default_scope (scope);

create table client_audience (
    client_pk uuid          not null references client (id) on delete cascade,
    audience  varchar(2000) not null,
    primary key (client_pk, audience)
);

create table client_redirect_uri (
    client_pk    uuid          not null references client (id) on delete cascade,
    redirect_uri varchar(2000) not null,
    primary key (client_pk, redirect_uri)
);

-- Client secrets: only a keyed hash (HMAC-SHA-256 under the server pepper) is
-- kept. A client may hold two live secrets while it rotates; each expires.
create table client_secret (
    id          uuid        primary key,
    client_pk   uuid        not null references client (id) on delete cascade,
    secret_hash bytea       not null,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null
);
create index client_secret_client_idx on client_secret (client_pk);

-- Server-side secrets (the client-secret pepper), encrypted under the KEK.
create table server_secret (
    name       varchar(100) primary key,
    ciphertext bytea        not null,
    created_at timestamptz  not null default now()
);

-- Token signing keys. The private part is AES-GCM ciphertext under the KEK,
-- with the kid as associated data; the public part is a JWK (JSON).
create table signing_key (
    kid                varchar(100) primary key,
    alg                varchar(20)  not null,
    status             varchar(20)  not null
        check (status in ('NEXT', 'ACTIVE', 'RETIRING', 'RETIRED', 'REVOKED')),
    public_jwk         text         not null,
    private_key_cipher bytea        not null,
    created_at         timestamptz  not null default now(),
    activated_at       timestamptz,
    retires_at         timestamptz
);
-- At most one key signs at any moment.
create unique index signing_key_one_active_idx on signing_key (status) where status = 'ACTIVE';

-- Revoked access tokens (RFC 7009): the jti stays here until the token would
-- have expired anyway; a cleanup job removes older rows.
create table revoked_token (
    jti        varchar(100) primary key,
    client_id  varchar(100) not null,
    revoked_at timestamptz  not null default now(),
    expires_at timestamptz  not null
);
create index revoked_token_expires_idx on revoked_token (expires_at);

-- People: administrators, auditors and users of PKCE flows (BCrypt passwords).
create table app_user (
    username      varchar(100) primary key,
    password_hash varchar(200) not null,
    enabled       boolean      not null default true,
    created_at    timestamptz  not null default now()
);

create table app_user_role (
    username varchar(100) not null references app_user (username) on delete cascade,
    role     varchar(20)  not null check (role in ('ADMIN', 'AUDITOR', 'USER')),
    primary key (username, role)
);

-- The contract's admin scopes are in the catalogue from the start.
insert into scope (name, description) values
    ('admin:clients', 'Read and change clients and scopes'),
    ('admin:keys',    'Read and change signing keys'),
    ('admin:users',   'Read and change users'),
    ('admin:read',    'Read every admin resource, change nothing'),
    ('audit:read',    'Read the audit trail');
