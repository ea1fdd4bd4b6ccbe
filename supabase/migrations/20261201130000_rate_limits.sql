-- Fixed-window request counters, shared by every app process (issue 9: POST /api/errors
-- and, through lib/http/rate-limit.ts, any route that needs a per-IP or per-user limit).
--
-- One row per (bucket, window): a request adds one with
--   insert ... on conflict (bucket, window_ms, window_start) do update set count = count + 1 returning count
-- which is atomic on every engine, so two processes never both see "29 of 30".
-- Rows are pruned once their window is over (opportunistically by the limiter itself and by
-- the daily clean-up), so the table holds roughly one row per active caller.

create table public.rate_limit_counters (
  -- What is counted and for whom, e.g. 'errors:ip:203.0.113.7' or 'errors:user:<uuid>'.
  bucket text not null,
  -- The window's length: one bucket may be limited per minute and per day, in separate rows.
  window_ms integer not null,
  window_start timestamptz not null,
  -- window_start + the window's length: when the row stops mattering.
  expires_at timestamptz not null,
  count integer not null default 1,
  constraint rate_limit_counters_pkey primary key (bucket, window_ms, window_start),
  constraint rate_limit_counters_window_check check (window_ms >= 1000),
  constraint rate_limit_counters_bucket_length_check check (char_length(bucket) between 1 and 300),
  constraint rate_limit_counters_count_check check (count >= 0)
);

create index rate_limit_counters_expires_at_idx on public.rate_limit_counters (expires_at);

-- Operator table: RLS on and no policy, so the Data API reads or writes none of it.
alter table public.rate_limit_counters enable row level security;
