-- Row level security as a wall, not a side door (issue 9, finding 5).
--
-- The app connects as the table owner and enforces every rule itself (user scoping, backup
-- before delete, quotas, retention). Supabase's Data API, though, lets anyone with a user's
-- token reach these tables as `authenticated`, and the earlier insert/update/delete
-- policies let such a caller skip every app rule (e.g. PATCH a backup's expires_at, or
-- complete a batch item without a conversation). So: through the Data API a user can READ
-- their own rows and nothing else; every write goes through the app.
--
-- Foreign keys between user-owned rows now include user_id, so no row can point at another
-- user's row, whoever writes it.

-- Writes: no policy, no privilege ----------------------------------------------------------

drop policy conversations_insert_own on public.conversations;
drop policy conversations_update_own on public.conversations;
drop policy conversations_delete_own on public.conversations;
drop policy conversation_turns_insert_own on public.conversation_turns;
drop policy conversation_turns_update_own on public.conversation_turns;
drop policy conversation_turns_delete_own on public.conversation_turns;
drop policy batch_jobs_insert_own on public.batch_jobs;
drop policy batch_jobs_update_own on public.batch_jobs;
drop policy batch_jobs_delete_own on public.batch_jobs;
drop policy batch_items_insert_own on public.batch_items;
drop policy batch_items_update_own on public.batch_items;
drop policy batch_items_delete_own on public.batch_items;
drop policy batch_checkpoints_insert_own on public.batch_checkpoints;
drop policy batch_checkpoints_update_own on public.batch_checkpoints;
drop policy batch_checkpoints_delete_own on public.batch_checkpoints;
drop policy backup_exports_insert_own on public.backup_exports;
drop policy backup_exports_update_own on public.backup_exports;
drop policy backup_exports_delete_own on public.backup_exports;
drop policy backup_export_parts_insert_own on public.backup_export_parts;
drop policy backup_export_parts_update_own on public.backup_export_parts;
drop policy backup_export_parts_delete_own on public.backup_export_parts;
-- Error reports are written by the app (rate-limited, capped, sanitized), never directly.
drop policy error_logs_insert_own on public.error_logs;

-- Every table of the schema (operator tables included: workers, budget, rate limits,
-- migrations) loses every privilege for the API roles; the user tables get SELECT back,
-- which their *_select_own policies limit to the caller's own rows.
revoke all on all tables in schema public from anon, authenticated;
revoke all on all sequences in schema public from anon, authenticated;
grant select on public.conversations, public.conversation_turns, public.batch_jobs, public.batch_items,
  public.batch_checkpoints, public.backup_exports, public.backup_export_parts to authenticated;

-- Tables created later by this role start with no privileges for the API roles either.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;

-- Composite foreign keys between user-owned rows ------------------------------------------

-- Targets of the composite keys.
alter table public.batch_items add constraint batch_items_id_user_id_key unique (id, user_id);

-- A conversation's batch and item are the same user's; deleting them clears only the
-- reference (ON DELETE SET NULL of the id column alone: user_id is never nulled).
alter table public.conversations drop constraint conversations_batch_job_id_fkey;
alter table public.conversations
  add constraint conversations_batch_job_fkey foreign key (batch_job_id, user_id)
    references public.batch_jobs (id, user_id) on delete set null (batch_job_id);

alter table public.conversations drop constraint conversations_batch_item_id_fkey;
alter table public.conversations
  add constraint conversations_batch_item_fkey foreign key (batch_item_id, user_id)
    references public.batch_items (id, user_id) on delete set null (batch_item_id);

alter table public.batch_items drop constraint batch_items_conversation_id_fkey;
alter table public.batch_items
  add constraint batch_items_conversation_fkey foreign key (conversation_id, user_id)
    references public.conversations (id, user_id) on delete set null (conversation_id);
