-- Tessera schema, version 10: clients that act for a person (issue 13: authorization
-- code with PKCE, refresh tokens, OpenID Connect logout).
--
-- first_party: the client belongs to this server's operator, so its users are not asked
-- for consent (third-party clients, the default, see the consent page).
-- refresh_token_idle_seconds / refresh_token_absolute_seconds: how long a refresh token
-- family may sit unused, and how long it may live at all; null means the server's
-- defaults (7 and 30 days). The admin API keeps them within 60 s .. 90 days with
-- idle <= absolute; the checks here only keep out the nonsensical.
-- client_post_logout_redirect_uri: where OIDC end_session may send the browser back,
-- exact URIs, like client_redirect_uri.
alter table client add column first_party boolean not null default false;
alter table client add column refresh_token_idle_seconds integer
    check (refresh_token_idle_seconds > 0);
alter table client add column refresh_token_absolute_seconds integer
    check (refresh_token_absolute_seconds > 0);

create table client_post_logout_redirect_uri (
    client_pk uuid          not null references client (id) on delete cascade,
    uri       varchar(2000) not null,
    primary key (client_pk, uri)
);

-- The runtime role's rights (V6 also sets default privileges; granted explicitly here
-- so the table does not depend on which role ran V6).
grant select, insert, update, delete on client_post_logout_redirect_uri to tessera_runtime;
