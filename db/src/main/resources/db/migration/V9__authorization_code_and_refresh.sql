-- Tessera schema, version 9: authorization code with PKCE, refresh tokens, OpenID Connect.
--
-- One row per authorization a person gave a client (Spring Authorization Server's own
-- oauth2_authorization layout, read and written by its JdbcOAuth2AuthorizationService,
-- with PostgreSQL types). Tessera stores no usable credential in it: every token value
-- (authorization code, access token, ID token, refresh token, and the consent state) is
-- replaced by its SHA-256 hash before the row is written (token.HashedAuthorizationService),
-- so a copy of this table signs nobody in. The row is the refresh-token family: rotation
-- replaces the refresh token hash in place (one row change per refresh), and a revoked
-- family is a row whose refresh token is marked invalidated in its metadata.
create table oauth2_authorization (
    id                            varchar(100)  primary key,
    registered_client_id          varchar(100)  not null,
    principal_name                varchar(200)  not null,
    authorization_grant_type      varchar(100)  not null,
    authorized_scopes             varchar(1000),
    attributes                    text,
    state                         varchar(500),
    authorization_code_value      text,
    authorization_code_issued_at  timestamptz,
    authorization_code_expires_at timestamptz,
    authorization_code_metadata   text,
    access_token_value            text,
    access_token_issued_at        timestamptz,
    access_token_expires_at       timestamptz,
    access_token_metadata         text,
    access_token_type             varchar(100),
    access_token_scopes           varchar(1000),
    oidc_id_token_value           text,
    oidc_id_token_issued_at       timestamptz,
    oidc_id_token_expires_at      timestamptz,
    oidc_id_token_metadata        text,
    refresh_token_value           text,
    refresh_token_issued_at       timestamptz,
    refresh_token_expires_at      timestamptz,
    refresh_token_metadata        text,
    user_code_value               text,
    user_code_issued_at           timestamptz,
    user_code_expires_at          timestamptz,
    user_code_metadata            text,
    device_code_value             text,
    device_code_issued_at         timestamptz,
    device_code_expires_at        timestamptz,
    device_code_metadata          text,
    created_at                    timestamptz   not null default now()
);
create unique index oauth2_authorization_state_idx on oauth2_authorization (state) where state is not null;
create unique index oauth2_authorization_code_idx on oauth2_authorization (authorization_code_value)
    where authorization_code_value is not null;
create unique index oauth2_authorization_refresh_idx on oauth2_authorization (refresh_token_value)
    where refresh_token_value is not null;
create index oauth2_authorization_access_idx on oauth2_authorization (access_token_value)
    where access_token_value is not null;
create index oauth2_authorization_id_token_idx on oauth2_authorization (oidc_id_token_value)
    where oidc_id_token_value is not null;
create index oauth2_authorization_principal_idx on oauth2_authorization (principal_name);
create index oauth2_authorization_client_idx on oauth2_authorization (registered_client_id);
create index oauth2_authorization_refresh_expires_idx on oauth2_authorization (refresh_token_expires_at)
    where refresh_token_expires_at is not null;
create index oauth2_authorization_created_idx on oauth2_authorization (created_at);

-- What a person has consented to a third-party client having (Spring's layout, written by
-- its JdbcOAuth2AuthorizationConsentService): asked once, remembered until revoked.
create table oauth2_authorization_consent (
    registered_client_id varchar(100)  not null,
    principal_name       varchar(200)  not null,
    authorities          varchar(1000) not null,
    primary key (registered_client_id, principal_name)
);

-- The OpenID Connect scopes, so that clients may hold them.
insert into scope (name, description) values
    ('openid',  'Confirm who you are (OpenID Connect sign-in)'),
    ('profile', 'See your username')
on conflict (name) do nothing;
