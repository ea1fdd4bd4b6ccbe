-- Batch runners: who is working on a batch right now, and what a job keeps once its
-- checkpoint is gone.
--
-- A runner is a browser tab or a `npm run batch` process, identified by a UUID it generates
-- itself. While it works it sends a heartbeat that pushes heartbeat_until forward (and
-- renews the leases of the items it is generating). "Running elsewhere" in the resume
-- dialog means: another runner's heartbeat_until is still in the future. A runner that
-- dies simply stops renewing; nothing has to clean up after it for the rule to hold.

create table public.batch_runners (
  job_id uuid not null,
  runner_id text not null,
  user_id uuid not null,
  heartbeat_until timestamptz not null,
  started_at timestamptz not null default now(),
  constraint batch_runners_pkey primary key (job_id, runner_id),
  constraint batch_runners_runner_id_length_check check (char_length(runner_id) between 1 and 100),
  constraint batch_runners_job_fkey foreign key (job_id, user_id)
    references public.batch_jobs (id, user_id) on delete cascade
);

alter table public.batch_runners enable row level security;

create policy batch_runners_select_own on public.batch_runners
  for select to authenticated using (user_id = (select auth.uid()));
create policy batch_runners_insert_own on public.batch_runners
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy batch_runners_update_own on public.batch_runners
  for update to authenticated using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));
create policy batch_runners_delete_own on public.batch_runners
  for delete to authenticated using (user_id = (select auth.uid()));

-- The checkpoint row is deleted when a job completes or is discarded; the job keeps its
-- final counters so the batches list can still show "98 completed, 2 failed".
alter table public.batch_jobs
  add column completed_count integer not null default 0,
  add column failed_count integer not null default 0,
  -- Earlier configs, oldest first: [{config, replacedAt, completedItems}] (completedItems =
  -- how many items had been generated with that config). "Modify settings" appends to it,
  -- so the resume dialog can show what changed against what the finished items used.
  add column config_history jsonb not null default '[]'::jsonb,
  add constraint batch_jobs_final_counts_check check (
    completed_count >= 0 and failed_count >= 0 and completed_count + failed_count <= total_items
  ),
  add constraint batch_jobs_config_history_array_check check (jsonb_typeof(config_history) = 'array');
