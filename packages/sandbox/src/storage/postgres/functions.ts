// The request path's units of work on PostgreSQL as server-side functions (created by migration
// 0002, ../sql/migrations.ts): each API request is ONE round trip, `select * from
// sandbox_<operation>(…)`, which is one statement and so one transaction — the admission (the
// partner's clock and rate windows), the operation and its quota counters commit together or
// not at all. `npm run bench -- postgres-units` measures it against the same unit as named
// prepared statements in an interactive transaction (BEGIN, admission, write, COMMIT: four round
// trips): per createOrg the function took 0.27-0.4 x the Node CPU and 0.7-0.9 x the PostgreSQL
// CPU, for 1.5-3.2 x the throughput (runs on the 2-core CI machine).
//
// Every function starts with sandbox_enter: the partner's time (wall time + its clock offset);
// then, unless the request was admitted already (p_admitted_at), the check that the offset the
// caller built its draft with (p_offset) is still the partner's — another instance may have
// moved the clock; the caller then rebuilds its draft and asks again — and the admission.
// Outcomes are text: 'rate' (refused by policy `refused`), 'clock' (retry with `offset_ms`),
// 'conflict', 'not_owned', 'quota:<name>', else the operation's own ('created', 'added', 'ok').
//
// Concurrency: a partner's quota checks and writes serialise on its partner_usage row (SELECT …
// FOR UPDATE), across every instance; a partner's rate windows are locked in name order. Hot
// rows are updated in place without touching an index (HOT updates) on tables with room left in
// each page (fillfactor), so they do not bloat or slow down as a partner's history grows.
// Durability: sessions run with synchronous_commit off, so a unit's commit releases the partner's
// row locks without waiting for the disk, and the partner's next request can go on at once
// (with the wait inside the commit, one partner's writes were serialised at the disk's pace).
// A unit that stored what the partner will be told was stored is answered only after
// sandbox_flush: a transaction that commits durably after it, and so flushes the WAL past its
// commit record (the WAL is written in order) — one flush for every unit waiting (./requests.ts).
//
// A released migration is never edited: change a function by a later migration (CREATE OR REPLACE).

/** The functions, in the order they must be created. */
export const REQUEST_FUNCTIONS_0002: readonly string[] = [
  // One unit of each policy if every one has room at p_now (the partner's time), else none.
  `create or replace function sandbox_spend(p_partner text, p_now bigint, p_names text[], p_limits int[], p_windows bigint[], out refused int, out reset_ms bigint)
language plpgsql as $$
declare
  v_n int := coalesce(array_length(p_names, 1), 0);
  v_order int[];
  v_used int;
  v_started bigint;
  i int;
begin
  refused := -1;
  reset_ms := 0;
  if v_n = 0 then return; end if;
  for i in 1..v_n loop
    if p_limits[i] <= 0 then refused := i - 1; reset_ms := p_now + p_windows[i]; return; end if;
  end loop;
  if v_n = 1 then
    -- One conditional upsert: spent if the window has room or has ended.
    insert into rate_windows as w (partner_id, name, started_ms, used) values (p_partner, p_names[1], p_now, 1)
      on conflict (partner_id, name) do update set
        started_ms = case when w.started_ms <= p_now - p_windows[1] then p_now else w.started_ms end,
        used = case when w.started_ms <= p_now - p_windows[1] then 1 else w.used + 1 end
      where w.started_ms <= p_now - p_windows[1] or w.used < p_limits[1]
      returning w.used into v_used;
    if v_used is null then
      refused := 0;
      select w.started_ms + p_windows[1] into reset_ms from rate_windows w where w.partner_id = p_partner and w.name = p_names[1];
    end if;
    return;
  end if;
  -- Several policies: lock every window in name order (overlapping requests cannot deadlock),
  -- opening a new one where the old has ended; check them in the caller's order; spend all or none.
  select array_agg(o order by p_names[o]) into v_order from generate_series(1, v_n) as o;
  foreach i in array v_order loop
    insert into rate_windows as w (partner_id, name, started_ms, used) values (p_partner, p_names[i], p_now, 0)
      on conflict (partner_id, name) do update set
        started_ms = case when w.started_ms <= p_now - p_windows[i] then p_now else w.started_ms end,
        used = case when w.started_ms <= p_now - p_windows[i] then 0 else w.used end;
  end loop;
  for i in 1..v_n loop
    select w.used, w.started_ms into v_used, v_started from rate_windows w where w.partner_id = p_partner and w.name = p_names[i];
    if v_used >= p_limits[i] then refused := i - 1; reset_ms := v_started + p_windows[i]; return; end if;
  end loop;
  foreach i in array v_order loop
    update rate_windows w set used = w.used + 1 where w.partner_id = p_partner and w.name = p_names[i];
  end loop;
end $$`,

  // The partner's time, the draft's clock check and the admission: a non-null outcome ends the unit.
  `create or replace function sandbox_enter(p_partner text, p_wall bigint, p_names text[], p_limits int[], p_windows bigint[], p_admitted_at bigint, p_offset bigint,
  out outcome text, out now_ms bigint, out refused int, out reset_ms bigint, out offset_ms bigint)
language plpgsql as $$
begin
  offset_ms := coalesce((select c.offset_ms from partner_clocks c where c.partner_id = p_partner), 0);
  refused := -1;
  reset_ms := 0;
  if p_admitted_at is not null then now_ms := p_admitted_at; return; end if;
  now_ms := p_wall + offset_ms;
  if p_offset is not null and p_offset <> offset_ms then outcome := 'clock'; return; end if;
  select s.refused, s.reset_ms into refused, reset_ms from sandbox_spend(p_partner, now_ms, p_names, p_limits, p_windows) s;
  if refused >= 0 then outcome := 'rate'; end if;
end $$`,

  `create or replace function sandbox_admit(p_partner text, p_wall bigint, p_names text[], p_limits int[], p_windows bigint[],
  out outcome text, out now_ms bigint, out refused int, out reset_ms bigint)
language sql as $$
  select e.outcome, e.now_ms, e.refused, e.reset_ms from sandbox_enter(p_partner, p_wall, p_names, p_limits, p_windows, null, null) e
$$`,

  // The partner's counters, locked for the rest of the transaction (created on first use).
  `create or replace function sandbox_lock_usage(p_partner text, out orgs bigint, out stored_bytes bigint)
language plpgsql as $$
begin
  select u.orgs, u.stored_bytes into orgs, stored_bytes from partner_usage u where u.partner_id = p_partner for update;
  if not found then
    insert into partner_usage (partner_id, orgs, stored_bytes) values (p_partner, 0, 0) on conflict (partner_id) do nothing;
    select u.orgs, u.stored_bytes into orgs, stored_bytes from partner_usage u where u.partner_id = p_partner for update;
  end if;
end $$`,

  `create or replace function sandbox_create_org(p_partner text, p_wall bigint, p_names text[], p_limits int[], p_windows bigint[], p_admitted_at bigint, p_offset bigint,
  p_id text, p_external_id text, p_created_at text, p_name text, p_record text, p_bytes bigint, p_max_orgs bigint, p_max_bytes bigint,
  out outcome text, out now_ms bigint, out refused int, out reset_ms bigint, out offset_ms bigint)
language plpgsql as $$
declare
  v_orgs bigint;
  v_bytes bigint;
begin
  select e.outcome, e.now_ms, e.refused, e.reset_ms, e.offset_ms into outcome, now_ms, refused, reset_ms, offset_ms
    from sandbox_enter(p_partner, p_wall, p_names, p_limits, p_windows, p_admitted_at, p_offset) e;
  if outcome is not null then return; end if;
  select u.orgs, u.stored_bytes into v_orgs, v_bytes from sandbox_lock_usage(p_partner) u;
  -- A conflict is a conflict even at a full quota; the unique index stays the guarantee.
  if p_external_id is not null and exists (select 1 from orgs o where o.partner_id = p_partner and o.external_id = p_external_id) then
    outcome := 'conflict'; return;
  end if;
  if v_orgs + 1 > p_max_orgs then outcome := 'quota:orgs'; return; end if;
  if v_bytes + p_bytes > p_max_bytes then outcome := 'quota:stored_bytes'; return; end if;
  insert into orgs (id, partner_id, external_id, created_at, name, record, bytes) values (p_id, p_partner, p_external_id, p_created_at, p_name, p_record, p_bytes);
  update partner_usage u set orgs = u.orgs + 1, stored_bytes = u.stored_bytes + p_bytes where u.partner_id = p_partner;
  outcome := 'created';
end $$`,

  // One header row (the admission and the partner's org count), then the page's orgs, oldest first.
  `create or replace function sandbox_list_orgs(p_partner text, p_wall bigint, p_names text[], p_limits int[], p_windows bigint[], p_admitted_at bigint, p_limit int, p_skip int)
returns table (outcome text, now_ms bigint, refused int, reset_ms bigint, total bigint, id text, record text)
language plpgsql as $$
#variable_conflict use_column
declare
  e record;
begin
  select * into e from sandbox_enter(p_partner, p_wall, p_names, p_limits, p_windows, p_admitted_at, null);
  return query select e.outcome, e.now_ms, e.refused, e.reset_ms,
    coalesce((select u.orgs from partner_usage u where u.partner_id = p_partner and e.outcome is null), 0::bigint), null::text, null::text;
  if e.outcome is not null then return; end if;
  return query select null::text, null::bigint, null::int, null::bigint, null::bigint, o.id::text, o.record
    from orgs o where o.partner_id = p_partner order by o.created_at, o.id limit p_limit offset p_skip;
end $$`,

  `create or replace function sandbox_org_by_external_id(p_partner text, p_wall bigint, p_names text[], p_limits int[], p_windows bigint[], p_admitted_at bigint, p_external_id text,
  out outcome text, out now_ms bigint, out refused int, out reset_ms bigint, out id text, out record text)
language plpgsql as $$
begin
  select e.outcome, e.now_ms, e.refused, e.reset_ms into outcome, now_ms, refused, reset_ms
    from sandbox_enter(p_partner, p_wall, p_names, p_limits, p_windows, p_admitted_at, null) e;
  if outcome is not null then return; end if;
  select o.id, o.record into id, record from orgs o where o.partner_id = p_partner and o.external_id = p_external_id;
  outcome := 'ok';
end $$`,

  `create or replace function sandbox_add_api_key(p_partner text, p_wall bigint, p_names text[], p_limits int[], p_windows bigint[], p_admitted_at bigint, p_offset bigint,
  p_org_id text, p_id text, p_record text, p_bytes bigint, p_max_bytes bigint,
  out outcome text, out now_ms bigint, out refused int, out reset_ms bigint, out offset_ms bigint)
language plpgsql as $$
declare
  v_bytes bigint;
begin
  select e.outcome, e.now_ms, e.refused, e.reset_ms, e.offset_ms into outcome, now_ms, refused, reset_ms, offset_ms
    from sandbox_enter(p_partner, p_wall, p_names, p_limits, p_windows, p_admitted_at, p_offset) e;
  if outcome is not null then return; end if;
  if not exists (select 1 from orgs o where o.id = p_org_id and o.partner_id = p_partner) then outcome := 'not_owned'; return; end if;
  select u.stored_bytes into v_bytes from sandbox_lock_usage(p_partner) u;
  if v_bytes + p_bytes > p_max_bytes then outcome := 'quota:stored_bytes'; return; end if;
  insert into api_keys (id, partner_id, org_id, record, bytes) values (p_id, p_partner, p_org_id, p_record, p_bytes);
  update partner_usage u set stored_bytes = u.stored_bytes + p_bytes where u.partner_id = p_partner;
  outcome := 'added';
end $$`,

  `create or replace function sandbox_add_login_link(p_partner text, p_wall bigint, p_names text[], p_limits int[], p_windows bigint[], p_admitted_at bigint, p_offset bigint,
  p_org_id text, p_token_sha256 text, p_expires_at_ms bigint, p_record text, p_bytes bigint, p_max_links bigint, p_max_bytes bigint,
  out outcome text, out now_ms bigint, out refused int, out reset_ms bigint, out offset_ms bigint)
language plpgsql as $$
declare
  v_bytes bigint;
begin
  select e.outcome, e.now_ms, e.refused, e.reset_ms, e.offset_ms into outcome, now_ms, refused, reset_ms, offset_ms
    from sandbox_enter(p_partner, p_wall, p_names, p_limits, p_windows, p_admitted_at, p_offset) e;
  if outcome is not null then return; end if;
  if not exists (select 1 from orgs o where o.id = p_org_id and o.partner_id = p_partner) then outcome := 'not_owned'; return; end if;
  -- The counter row first: it serialises this partner's link quota checks.
  select u.stored_bytes into v_bytes from sandbox_lock_usage(p_partner) u;
  if (select count(*) from login_links l where l.partner_id = p_partner and l.expires_at_ms > now_ms) >= p_max_links then outcome := 'quota:login_links'; return; end if;
  if v_bytes + p_bytes > p_max_bytes then outcome := 'quota:stored_bytes'; return; end if;
  insert into login_links (token_sha256, partner_id, org_id, expires_at_ms, record, bytes) values (p_token_sha256, p_partner, p_org_id, p_expires_at_ms, p_record, p_bytes);
  update partner_usage u set stored_bytes = u.stored_bytes + p_bytes where u.partner_id = p_partner;
  outcome := 'added';
end $$`,

  // A durable commit of nothing but a transaction id: its WAL flush covers every commit before it.
  `create or replace function sandbox_flush() returns void
language plpgsql as $$
begin
  perform set_config('synchronous_commit', 'on', true);
  perform pg_current_xact_id();
end $$`,

  // A batch of journal entries (parallel arrays, in order): per partner, its sequence numbers by
  // one update of its head row, then each entry into its ring slot (seq mod keep), replacing the
  // entry keep places older — the journal never grows and is never trimmed by DELETE.
  `create or replace function sandbox_append_journal(p_partners text[], p_statuses int[], p_operations text[], p_entries text[], p_keep int)
returns void
language plpgsql as $$
declare
  v_partner text;
  v_count int;
  v_head bigint;
begin
  for v_partner, v_count in select t.p, count(*)::int from unnest(p_partners) as t(p) group by t.p order by t.p loop
    insert into journal_heads as h (partner_id, seq, keep) values (v_partner, v_count, p_keep)
      on conflict (partner_id) do update set seq = h.seq + v_count, keep = p_keep
      returning h.seq into v_head;
    insert into journal as j (partner_id, slot, seq, status, operation_id, entry)
      select v_partner, s.seq % p_keep, s.seq, s.status, s.operation_id, s.entry
      from (
        select v_head - v_count + row_number() over (order by t.ord) as seq, t.status, t.operation_id, t.entry
        from unnest(p_partners, p_statuses, p_operations, p_entries) with ordinality as t(partner_id, status, operation_id, entry, ord)
        where t.partner_id = v_partner
      ) s
      where s.seq > v_head - p_keep
      on conflict (partner_id, slot) do update set seq = excluded.seq, status = excluded.status, operation_id = excluded.operation_id, entry = excluded.entry
      where j.seq < excluded.seq;
  end loop;
end $$`,
];
