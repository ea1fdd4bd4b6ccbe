-- Fine-tuning exports (issue 10): a prepared download.
--
-- POST /api/exports stores what was asked (selection and options, validated and checked for
-- ownership) and answers with a link; GET /api/exports/:id/download streams the file from the
-- conversations themselves, so nothing but the request is stored. The link works for an hour
-- (then 410) and the row is purged a day later.

create table public.export_requests (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  -- The ExportRequest as validated: {selection: {kind, ...}, options: {format, ...}}.
  spec jsonb not null,
  -- `<name>.jsonl`, or `<name>.zip` with a train/validation split.
  file_name text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '1 hour',
  constraint export_requests_spec_object_check check (jsonb_typeof(spec) = 'object'),
  constraint export_requests_file_name_check check (file_name ~ '^[A-Za-z0-9._-]{1,200}$'),
  constraint export_requests_expiry_check check (expires_at > created_at)
);

-- The purge of expired requests.
create index export_requests_expires_at_idx on public.export_requests (expires_at);
create index export_requests_user_idx on public.export_requests (user_id, created_at desc);

-- Only the app reads and writes export requests: RLS on with no policy, and no privilege for
-- the Data API roles (the default privileges of 20261201140000 already withhold them; said
-- again here so this table stays closed whatever those defaults become).
alter table public.export_requests enable row level security;
revoke all on public.export_requests from anon, authenticated;
