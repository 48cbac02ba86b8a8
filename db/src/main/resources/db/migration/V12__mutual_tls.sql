-- Tessera schema, version 12: mutual TLS (RFC 8705) and the certificate lifecycle.
--
-- A tls_client_auth client is identified by exactly one of: the subject DN of its
-- certificate (tls_subject_dn, since V1) or one subject alternative name of a given kind
-- (RFC 8705 §2.1.2: tls_client_auth_san_dns, _san_uri, _san_ip, _san_email). The admin
-- API allows only one of the five per client; the check below keeps out the nonsensical.
alter table client add column tls_san_dns varchar(1000);
alter table client add column tls_san_uri varchar(2000);
alter table client add column tls_san_ip varchar(100);
alter table client add column tls_san_email varchar(1000);
alter table client add constraint client_one_tls_identity check (
    (case when tls_subject_dn is null then 0 else 1 end)
  + (case when tls_san_dns is null then 0 else 1 end)
  + (case when tls_san_uri is null then 0 else 1 end)
  + (case when tls_san_ip is null then 0 else 1 end)
  + (case when tls_san_email is null then 0 else 1 end) <= 1);

-- certificate_expiry_warning: which expiry warnings (60, 30 and 7 days ahead, and 0 for
-- "has expired") have been given for which certificate (its SHA-256 thumbprint, base64url as in x5t#S256). The
-- node whose insert of a row succeeds logs and audits that warning, in the same
-- transaction as the audit event: each warning is given once, across restarts and
-- nodes. Rows are small and few (three per certificate); they go when their
-- certificate has been expired for a year.
create table certificate_expiry_warning (
    thumbprint     varchar(64) not null,
    threshold_days integer     not null check (threshold_days >= 0),
    not_after      timestamptz not null,
    subject        varchar(1000) not null,
    warned_at      timestamptz not null default now(),
    primary key (thumbprint, threshold_days)
);
create index certificate_expiry_warning_not_after_idx on certificate_expiry_warning (not_after);

-- The runtime role inserts, reads and removes rows, never changes one (V6's default
-- privileges grant more: taken back here, as V11 does).
grant select, insert, delete on certificate_expiry_warning to tessera_runtime;
revoke update, truncate, references, trigger on certificate_expiry_warning from tessera_runtime;
