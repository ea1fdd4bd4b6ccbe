-- Local-only stand-in for the parts of Supabase Auth the migrations refer to.
--
-- The migration runner applies this file before the migrations on PGlite and on plain
-- PostgreSQL, and never on Supabase (it detects Supabase by an existing auth.users table),
-- so supabase/migrations/ runs unchanged everywhere. It is idempotent: it runs on every
-- start of a local engine.

create schema if not exists auth;

-- Same contract as Supabase's auth.uid(): the `sub` claim of the request's JWT, or null.
-- Locally nothing sets these settings, so policies see null and match no rows unless a
-- test sets request.jwt.claim.sub itself.
create or replace function auth.uid()
returns uuid
language sql
stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

-- The roles the RLS policies name. Roles are cluster-wide: several databases on one server
-- (parallel test workers) may race to create them, so losing that race is fine.
do $$
declare
  role_name text;
begin
  foreach role_name in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_catalog.pg_roles where rolname = role_name) then
      begin
        execute pg_catalog.format('create role %I nologin', role_name);
      exception
        when duplicate_object or unique_violation then null;
      end;
    end if;
  end loop;
end;
$$;

grant usage on schema auth to anon, authenticated, service_role;
