-- The server runs every batch (issue 8).
--
-- Worker loops in every app process (and `npm run worker`) claim items of every user's
-- running batches. PostgreSQL is the coordinator: an item is leased with
-- FOR UPDATE SKIP LOCKED, and one provider budget (calls per minute, calls in flight) holds
-- for the whole deployment, kept here rather than in any one process's memory.
--
-- The browser and headless runners, and their heartbeat rows, go away with this change.

drop table public.batch_runners;

-- Not claimed before this time: a rate-limited item waits out the provider's Retry-After,
-- a failed one its retry backoff. Null: it may run now.
alter table public.batch_items add column not_before timestamptz;

alter table public.batch_jobs
  -- When a worker first claimed one of the job's items: the clock the ETA is read from.
  add column started_at timestamptz,
  -- Workers take the job claimed least recently first, so one large batch cannot starve
  -- everyone else's.
  add column last_claimed_at timestamptz;

-- The claim query's first step: runnable jobs, least recently served first.
create index batch_jobs_runnable_idx on public.batch_jobs (last_claimed_at nulls first, created_at)
  where status in ('pending', 'running');

-- "Calls in flight" for the provider budget: the live leases of the whole deployment.
create index batch_items_running_lease_idx on public.batch_items (lease_until)
  where status = 'running';

-- When the next parked item comes due: an idle worker sleeps until then, not a poll longer.
create index batch_items_not_before_idx on public.batch_items (not_before)
  where not_before is not null;

-- One row per live worker process (an app process, `npm run worker`, or a serverless drive).
-- A worker refreshes heartbeat_until every few seconds and deletes its row when it stops on
-- purpose; a crashed one simply stops refreshing. A queued or running batch while no worker
-- is alive is shown as "interrupted".
create table public.batch_workers (
  id text primary key,
  hostname text not null default '',
  pid integer,
  -- loop (a long-lived process) or drive (a bounded serverless invocation).
  kind text not null default 'loop',
  started_at timestamptz not null default now(),
  heartbeat_until timestamptz not null,
  constraint batch_workers_id_length_check check (char_length(id) between 1 and 100),
  constraint batch_workers_kind_check check (kind in ('loop', 'drive'))
);

create index batch_workers_heartbeat_idx on public.batch_workers (heartbeat_until);

-- The provider budget's sliding window: one row per provider call started (at claim time).
-- Rows older than the window are deleted by the claims themselves.
create table public.generation_calls (
  id bigint generated always as identity primary key,
  called_at timestamptz not null default clock_timestamp()
);

create index generation_calls_called_at_idx on public.generation_calls (called_at);

-- The deployment's one budget row: when the provider answered 429, no worker starts another
-- call before blocked_until.
create table public.generation_budget (
  id boolean primary key default true,
  blocked_until timestamptz,
  constraint generation_budget_single_row_check check (id)
);

insert into public.generation_budget (id) values (true);

-- Operator tables: RLS on and no policy, so the Data API reads or writes none of them.
alter table public.batch_workers enable row level security;
alter table public.generation_calls enable row level security;
alter table public.generation_budget enable row level security;
