-- Tessera schema, version 8: people managed through /admin/api/users (issue 13).
--
-- last_sign_in_at is set by each successful sign-in (one UPDATE, nothing else on that
-- path); updated_at by each change through the admin API. password_hash holds Spring
-- Security's delegating format: {argon2}... for every hash written from this version on,
-- {bcrypt}... for older ones until their owner next signs in (the hash is then replaced).
-- app_user_role already restricts role to ADMIN, AUDITOR and USER (V1); its check is
-- given a name here so that a refusal names it. No table is added: the runtime role's
-- rights on app_user (V6: select, insert, update, delete) cover the new columns.
alter table app_user
    add column last_sign_in_at timestamptz,
    add column updated_at      timestamptz not null default now();

alter table app_user_role drop constraint if exists app_user_role_role_check;
alter table app_user_role
    add constraint app_user_role_known check (role in ('ADMIN', 'AUDITOR', 'USER'));
