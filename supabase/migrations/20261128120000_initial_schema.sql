-- Training Data Studio: the initial schema.
--
-- Runs unchanged on Supabase Postgres (which provides the `auth` schema, auth.uid() and the
-- `authenticated` role) and on PGlite / plain PostgreSQL 15+, where the migration runner
-- first applies supabase/local/auth-shim.sql. Keep Supabase-only objects out of this file.
--
-- Conventions:
-- * Every table carries user_id, and every child row repeats its parent's user_id through a
--   composite foreign key, so a row can never belong to a different user than its parent.
-- * The app scopes every query by user id itself (it connects as the table owner, which RLS
--   does not restrict); the RLS policies repeat that rule for anyone reaching the tables
--   through Supabase's Data API with a user's token.
-- * Per-item batch state lives in rows (batch_items), so saving progress costs the same at
--   item 10,000 as at item 1.

-- updated_at maintenance -------------------------------------------------------------------

-- An empty search_path keeps the function safe from objects a caller puts on its path.
create or replace function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;

-- batch_jobs ------------------------------------------------------------------------------

create table public.batch_jobs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  name text not null default '',
  status text not null default 'pending',
  -- provider, model, temperature... as chosen in the wizard; changed by "Modify settings".
  config jsonb not null default '{}'::jsonb,
  total_items integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  constraint batch_jobs_status_check check (
    status in ('pending', 'running', 'paused', 'completed', 'completed_with_errors', 'cancelled', 'failed')
  ),
  constraint batch_jobs_total_items_check check (total_items >= 0),
  constraint batch_jobs_name_length_check check (char_length(name) <= 200),
  constraint batch_jobs_config_object_check check (jsonb_typeof(config) = 'object'),
  -- Target of the composite foreign keys that pin children to the job's user.
  constraint batch_jobs_id_user_id_key unique (id, user_id)
);

-- GET /api/batches: the user's jobs, newest first.
create index batch_jobs_user_created_idx on public.batch_jobs (user_id, created_at desc, id desc);

-- conversations ---------------------------------------------------------------------------

create table public.conversations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null,
  title text not null,
  topic text not null default '',
  persona text,
  emotion text,
  status text not null default 'completed',
  metadata jsonb not null default '{}'::jsonb,
  -- Where a generated conversation came from. Both are cleared (not cascaded) when the batch
  -- is deleted: the conversation outlives the job that made it.
  batch_job_id uuid references public.batch_jobs (id) on delete set null,
  batch_item_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversations_status_check check (status in ('draft', 'completed', 'approved', 'rejected', 'archived')),
  constraint conversations_title_length_check check (char_length(title) between 1 and 500),
  constraint conversations_metadata_object_check check (jsonb_typeof(metadata) = 'object'),
  constraint conversations_id_user_id_key unique (id, user_id)
);

-- Keyset pagination of the conversations page: newest first, ties broken by id.
create index conversations_user_created_idx on public.conversations (user_id, created_at desc, id desc);
-- A batch item owns at most one conversation, whatever races happen between runners.
create unique index conversations_batch_item_id_key on public.conversations (batch_item_id)
  where batch_item_id is not null;
-- Deleting a job clears batch_job_id: without this index every such delete scans the table.
create index conversations_batch_job_id_idx on public.conversations (batch_job_id)
  where batch_job_id is not null;

-- conversation_turns ----------------------------------------------------------------------

create table public.conversation_turns (
  id uuid primary key default gen_random_uuid(),
  conversation_id uuid not null,
  user_id uuid not null,
  turn_index integer not null,
  role text not null,
  content text not null,
  created_at timestamptz not null default now(),
  constraint conversation_turns_role_check check (role in ('user', 'assistant')),
  constraint conversation_turns_turn_index_check check (turn_index >= 0),
  -- Also the index for "turns of a conversation, in order" (its leading column).
  constraint conversation_turns_conversation_turn_key unique (conversation_id, turn_index),
  constraint conversation_turns_conversation_fkey foreign key (conversation_id, user_id)
    references public.conversations (id, user_id) on delete cascade
);

-- batch_items -----------------------------------------------------------------------------

create table public.batch_items (
  id uuid primary key default gen_random_uuid(),
  job_id uuid not null,
  user_id uuid not null,
  item_index integer not null,
  topic text not null,
  -- persona, emotion, turns... for this item.
  parameters jsonb not null default '{}'::jsonb,
  status text not null default 'pending',
  attempts integer not null default 0,
  -- The classified error of the last failed attempt ({code, message, retryable, at...}).
  last_error jsonb,
  -- Who is generating the item and until when: a runner that dies stops renewing its lease,
  -- and the item becomes claimable again once lease_until has passed.
  lease_owner text,
  lease_until timestamptz,
  -- Cleared when the user deletes the conversation; the item stays completed.
  conversation_id uuid references public.conversations (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  completed_at timestamptz,
  constraint batch_items_status_check check (status in ('pending', 'running', 'completed', 'failed')),
  constraint batch_items_attempts_check check (attempts >= 0),
  constraint batch_items_item_index_check check (item_index >= 0),
  constraint batch_items_parameters_object_check check (jsonb_typeof(parameters) = 'object'),
  -- A running item is always leased, so a dead runner's items can be found and reclaimed.
  constraint batch_items_running_lease_check check (
    status <> 'running' or (lease_owner is not null and lease_until is not null)
  ),
  constraint batch_items_completed_at_check check (status <> 'completed' or completed_at is not null),
  constraint batch_items_job_item_index_key unique (job_id, item_index),
  constraint batch_items_job_fkey foreign key (job_id, user_id)
    references public.batch_jobs (id, user_id) on delete cascade
);

-- Claiming: the next pending item of a job, or a running one whose lease has expired.
create index batch_items_claim_idx on public.batch_items (job_id, status, lease_until);
-- Deleting conversations clears batch_items.conversation_id: keep that lookup indexed.
create index batch_items_conversation_id_idx on public.batch_items (conversation_id)
  where conversation_id is not null;

alter table public.conversations
  add constraint conversations_batch_item_id_fkey foreign key (batch_item_id)
    references public.batch_items (id) on delete set null;

-- batch_checkpoints -----------------------------------------------------------------------

create table public.batch_checkpoints (
  id uuid primary key default gen_random_uuid(),
  job_id uuid not null,
  user_id uuid not null,
  total_items integer not null,
  completed_count integer not null default 0,
  failed_count integer not null default 0,
  progress_percentage numeric(5, 2) not null default 0,
  last_checkpoint_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint batch_checkpoints_job_id_key unique (job_id),
  constraint batch_checkpoints_job_fkey foreign key (job_id, user_id)
    references public.batch_jobs (id, user_id) on delete cascade,
  constraint batch_checkpoints_total_items_check check (total_items >= 0),
  constraint batch_checkpoints_counts_check check (
    completed_count >= 0 and failed_count >= 0 and completed_count + failed_count <= total_items
  ),
  constraint batch_checkpoints_progress_check check (progress_percentage between 0 and 100)
);

-- GET /api/checkpoints: the user's incomplete checkpoints, most recently active first.
create index batch_checkpoints_user_idx on public.batch_checkpoints (user_id, last_checkpoint_at desc);

-- backup_exports --------------------------------------------------------------------------

-- One row per backup: what it covers, how big it is and its SHA-256, checked before a delete
-- relies on it. The document itself is stored in backup_export_parts (below).
create table public.backup_exports (
  id uuid primary key default gen_random_uuid(),
  -- The id users see, download by and name in bulk-delete requests.
  backup_id text not null,
  user_id uuid not null,
  conversation_ids uuid[] not null,
  conversation_count integer not null,
  backup_reason text not null default 'manual',
  size_bytes bigint not null,
  sha256 text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  constraint backup_exports_backup_id_key unique (backup_id),
  constraint backup_exports_backup_id_format_check check (backup_id ~ '^[A-Za-z0-9_-]{8,100}$'),
  constraint backup_exports_count_check check (conversation_count = cardinality(conversation_ids)),
  constraint backup_exports_size_check check (size_bytes >= 0),
  constraint backup_exports_sha256_check check (sha256 ~ '^[0-9a-f]{64}$'),
  constraint backup_exports_reason_length_check check (char_length(backup_reason) <= 500),
  constraint backup_exports_id_user_id_key unique (id, user_id)
);

-- Retention clean-up (the daily cron) finds expired backups by this index.
create index backup_exports_expires_at_idx on public.backup_exports (expires_at);
-- /backups: the user's backups, newest first.
create index backup_exports_user_created_idx on public.backup_exports (user_id, created_at desc);

-- The backup document in ordered pieces (e.g. one conversation with its turns per part), so
-- a large backup is written, hashed, streamed to the browser and restored piece by piece
-- rather than held whole in memory. The document is the parts' content in part_index order
-- inside the JSON envelope; sha256 and size_bytes describe that document.
create table public.backup_export_parts (
  backup_export_id uuid not null,
  user_id uuid not null,
  part_index integer not null,
  conversation_id uuid,
  content text not null,
  constraint backup_export_parts_pkey primary key (backup_export_id, part_index),
  constraint backup_export_parts_part_index_check check (part_index >= 0),
  constraint backup_export_parts_backup_fkey foreign key (backup_export_id, user_id)
    references public.backup_exports (id, user_id) on delete cascade
);

-- error_logs ------------------------------------------------------------------------------

-- Server-side destination of the ErrorLogger. Rows are sanitized before they are written.
create table public.error_logs (
  id uuid primary key default gen_random_uuid(),
  -- Null when the error happened before anyone signed in.
  user_id uuid,
  error_id text not null,
  level text not null,
  code text,
  message text not null,
  context jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint error_logs_level_check check (level in ('debug', 'info', 'warn', 'error')),
  constraint error_logs_context_object_check check (jsonb_typeof(context) = 'object')
);

create index error_logs_created_at_idx on public.error_logs (created_at);
-- Support looks an error up by the id the user read out from the toast.
create index error_logs_error_id_idx on public.error_logs (error_id);

-- updated_at triggers ---------------------------------------------------------------------

create trigger conversations_set_updated_at before update on public.conversations
  for each row execute function public.set_updated_at();
create trigger batch_jobs_set_updated_at before update on public.batch_jobs
  for each row execute function public.set_updated_at();
create trigger batch_items_set_updated_at before update on public.batch_items
  for each row execute function public.set_updated_at();
create trigger batch_checkpoints_set_updated_at before update on public.batch_checkpoints
  for each row execute function public.set_updated_at();

-- Row level security ----------------------------------------------------------------------
-- `(select auth.uid())` is evaluated once per statement instead of once per row.

alter table public.conversations enable row level security;
alter table public.conversation_turns enable row level security;
alter table public.batch_jobs enable row level security;
alter table public.batch_items enable row level security;
alter table public.batch_checkpoints enable row level security;
alter table public.backup_exports enable row level security;
alter table public.backup_export_parts enable row level security;
alter table public.error_logs enable row level security;

create policy conversations_select_own on public.conversations
  for select to authenticated using (user_id = (select auth.uid()));
create policy conversations_insert_own on public.conversations
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy conversations_update_own on public.conversations
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy conversations_delete_own on public.conversations
  for delete to authenticated using (user_id = (select auth.uid()));

create policy conversation_turns_select_own on public.conversation_turns
  for select to authenticated using (user_id = (select auth.uid()));
create policy conversation_turns_insert_own on public.conversation_turns
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy conversation_turns_update_own on public.conversation_turns
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy conversation_turns_delete_own on public.conversation_turns
  for delete to authenticated using (user_id = (select auth.uid()));

create policy batch_jobs_select_own on public.batch_jobs
  for select to authenticated using (user_id = (select auth.uid()));
create policy batch_jobs_insert_own on public.batch_jobs
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy batch_jobs_update_own on public.batch_jobs
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy batch_jobs_delete_own on public.batch_jobs
  for delete to authenticated using (user_id = (select auth.uid()));

create policy batch_items_select_own on public.batch_items
  for select to authenticated using (user_id = (select auth.uid()));
create policy batch_items_insert_own on public.batch_items
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy batch_items_update_own on public.batch_items
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy batch_items_delete_own on public.batch_items
  for delete to authenticated using (user_id = (select auth.uid()));

create policy batch_checkpoints_select_own on public.batch_checkpoints
  for select to authenticated using (user_id = (select auth.uid()));
create policy batch_checkpoints_insert_own on public.batch_checkpoints
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy batch_checkpoints_update_own on public.batch_checkpoints
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy batch_checkpoints_delete_own on public.batch_checkpoints
  for delete to authenticated using (user_id = (select auth.uid()));

create policy backup_exports_select_own on public.backup_exports
  for select to authenticated using (user_id = (select auth.uid()));
create policy backup_exports_insert_own on public.backup_exports
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy backup_exports_update_own on public.backup_exports
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy backup_exports_delete_own on public.backup_exports
  for delete to authenticated using (user_id = (select auth.uid()));

create policy backup_export_parts_select_own on public.backup_export_parts
  for select to authenticated using (user_id = (select auth.uid()));
create policy backup_export_parts_insert_own on public.backup_export_parts
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy backup_export_parts_update_own on public.backup_export_parts
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy backup_export_parts_delete_own on public.backup_export_parts
  for delete to authenticated using (user_id = (select auth.uid()));

-- Error reports are write-only for users: reading them back is for operators.
create policy error_logs_insert_own on public.error_logs
  for insert to authenticated with check (user_id = (select auth.uid()));
