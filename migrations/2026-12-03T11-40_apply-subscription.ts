import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * A fetched Stripe subscription applied in one statement (`select apply_subscription($1)`): the
 * event's claim, the owner's row lock, the stored copy's lock, the write, the member's current
 * subscription, the transitions with their history and rollups, the mail's outbox row and the
 * member's state, where these were seven round trips. One statement is its own transaction: no
 * session (fine behind a pooler in transaction mode), no begin/commit. The money (a snapshot's MRR)
 * is the caller's, from Stripe's price; these functions hold the membership rules.
 */
// The columns a fetch writes, and those whose change is a change (not only a fresher copy).
const compared = `status, price_id, tier_id, stripe_price_id, interval, interval_count, amount, quantity,
  currency, mrr, start_date, current_period_start, current_period_end, cancel_at_period_end,
  canceled_at, ended_at, cancellation_reason, trial_end, first_failed_payment_at, member_id`
const written = `stripe_customer_id, stripe_synced_at, ${compared}`
const of = (row: string, columns: string) => sql.raw(columns.replace(/(\w+)/g, `${row}.$1`))

// One statement each: PGlite's extended protocol takes no multi-statement text.
const functions = [
  sql`create function membership_churn_kind(p_from text, p_to text, p_reason text) returns text
language sql immutable as $$
  select case when p_to = 'unpaid' or (p_to = 'canceled' and (p_from in ('past_due', 'unpaid')
    or p_reason = 'payment_failed')) then 'involuntary' else 'voluntary' end
$$`,
  // A past_due member's end of entitlement: first failure (else period start) + days of 86,400 s.
  sql`create function membership_grace_until(p_status text, p_failed_at timestamptz,
  p_period_start timestamptz, p_days integer) returns timestamptz
language sql immutable as $$
  select case when p_status = 'past_due'
    then coalesce(p_failed_at, p_period_start) + p_days * interval '86400 seconds' end
$$`,
  // One real transition: its history row, the per-day rollups (the old state leaves its currency and
  // tier bucket, the new one joins its own) and, entering or leaving the paying set, its cohort's.
  sql`create function record_membership_transition(p_member uuid, p_subscription text, p_at timestamptz,
  p_from_status text, p_from_tier uuid, p_from_currency text, p_from_mrr integer,
  p_to_status text, p_to_tier uuid, p_to_currency text, p_to_mrr integer,
  p_churn text, p_event text) returns void
language plpgsql as $$
declare
  v_was_paying boolean := p_from_status in ('active', 'past_due');
  v_now_paying boolean := p_to_status in ('active', 'past_due');
  v_new_patron boolean := p_from_status not in ('active', 'past_due') and p_to_status in ('active', 'past_due');
  v_day date := (p_at at time zone 'UTC')::date;
  v_churn text;
  v_first_paid timestamptz;
  v_cohort_start timestamptz;
begin
  if v_was_paying and p_to_status in ('canceled', 'unpaid') then
    v_churn := coalesce(p_churn, 'voluntary');
  end if;
  if v_was_paying <> v_now_paying then
    select h.at into v_first_paid from membership_history h
    where h.member_id = p_member and h.new_patron order by h.at, h.id limit 1;
  end if;
  insert into membership_history (member_id, subscription_id, at, from_status, to_status,
    from_tier_id, to_tier_id, from_currency, to_currency, from_mrr, to_mrr, new_patron, churn,
    stripe_event_id)
  values (p_member, p_subscription, p_at, p_from_status, p_to_status, p_from_tier, p_to_tier,
    p_from_currency, p_to_currency, case when v_was_paying then p_from_mrr else 0 end,
    case when v_now_paying then p_to_mrr else 0 end, v_new_patron, v_churn, p_event);
  insert into membership_daily as d (day, currency, tier_id, mrr_delta, active_delta,
    past_due_delta, new_patrons, churned_voluntary, churned_involuntary)
  select v_day, b.currency, b.tier_id, sum(b.mrr), sum(b.active), sum(b.past_due),
    sum(b.joined), sum(b.voluntary), sum(b.involuntary)
  from (values
    (p_from_currency, p_from_tier, -p_from_mrr, -1, -(p_from_status = 'past_due')::int, 0,
      (v_churn is not distinct from 'voluntary')::int, (v_churn is not distinct from 'involuntary')::int,
      v_was_paying and p_from_currency is not null),
    (p_to_currency, p_to_tier, p_to_mrr, 1, (p_to_status = 'past_due')::int, v_new_patron::int, 0, 0,
      v_now_paying and p_to_currency is not null)
  ) b (currency, tier_id, mrr, active, past_due, joined, voluntary, involuntary, counted)
  where b.counted
  group by b.currency, b.tier_id
  on conflict on constraint membership_daily_key do update set
    mrr_delta = d.mrr_delta + excluded.mrr_delta,
    active_delta = d.active_delta + excluded.active_delta,
    past_due_delta = d.past_due_delta + excluded.past_due_delta,
    new_patrons = d.new_patrons + excluded.new_patrons,
    churned_voluntary = d.churned_voluntary + excluded.churned_voluntary,
    churned_involuntary = d.churned_involuntary + excluded.churned_involuntary;
  v_cohort_start := coalesce(v_first_paid, case when v_new_patron then p_at end);
  if v_was_paying <> v_now_paying and v_cohort_start is not null then
    insert into membership_cohort_daily as c (cohort, day, joined, paying_delta)
    values (date_trunc('month', v_cohort_start at time zone 'UTC')::date, v_day,
      (v_new_patron and v_first_paid is null)::int, case when v_now_paying then 1 else -1 end)
    on conflict (cohort, day) do update set
      joined = c.joined + excluded.joined, paying_delta = c.paying_delta + excluded.paying_delta;
  end if;
end
$$`,
  // The mail of a status change, in the transaction that records it; keyed by the subscription (and
  // a failed payment's time), so a replayed event or a second path to the same change mails once.
  sql`create function enqueue_membership_mail(p_member uuid, p_email text, p_subscription text,
  p_from text, p_to text, p_at timestamptz) returns uuid
language plpgsql as $$
declare
  v_patron text[] := array['active', 'trialing', 'past_due'];
  v_kind text := case
    when not p_from = any (v_patron) and p_to in ('active', 'trialing') then 'welcome'
    when p_from <> 'past_due' and p_to = 'past_due' then 'payment-failed'
    when p_from = any (v_patron) and p_to in ('canceled', 'unpaid') then 'membership-ended' end;
  v_id uuid;
begin
  if v_kind is null then return null; end if;
  insert into mail_outbox (dedupe_key, kind, recipient, member_id, payload, bulk)
  values (v_kind || ':' || p_subscription || case when v_kind = 'payment-failed'
      then ':' || to_char(p_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') else '' end,
    v_kind, p_email, p_member, jsonb_build_object('subscriptionId', p_subscription), false)
  on conflict (dedupe_key) do nothing
  returning id into v_id;
  return v_id;
end
$$`,
  // The member a fetched subscription belongs to, its row locked: a stored subscription keeps its
  // member; otherwise the metadata's member id, the customer, then the email (a member is made).
  sql`create function lock_subscription_owner(p jsonb) returns members
language plpgsql as $$
declare
  v_member members;
  v_id uuid;
  v_email text := p ->> 'customer_email';
begin
  select m.* into v_member from members m
  where m.id = (select s.member_id from subscriptions s where s.id = p -> 'subscription' ->> 'id')
  for update;
  if found then return v_member; end if;
  if p ->> 'member_id_hint' ~* '^[0-9a-f-]{36}$' then
    select id into v_id from members where id = (p ->> 'member_id_hint')::uuid;
  end if;
  if v_id is null and coalesce(p -> 'subscription' ->> 'stripe_customer_id', '') <> '' then
    select id into v_id from members where stripe_customer_id = p -> 'subscription' ->> 'stripe_customer_id';
  end if;
  if v_id is null and v_email is not null then
    select id into v_id from members where email = v_email;
    if v_id is null then
      insert into members (email) values (v_email) on conflict (email) do nothing returning id into v_id;
      if v_id is null then select id into v_id from members where email = v_email; end if;
    end if;
  end if;
  select m.* into v_member from members m where m.id = v_id for update;
  return v_member;
end
$$`,
  // Writes the fetched copy (new row, changed row, or only the freshness mark): false for the mark.
  sql`create function store_subscription(p_new subscriptions, p_existing subscriptions) returns boolean
language plpgsql as $$
begin
  if p_existing.id is null then
    insert into subscriptions (id, ${sql.raw(written)}) values (p_new.id, ${of('p_new', written)});
    return true;
  end if;
  if (${of('p_new', compared)}) is not distinct from (${of('p_existing', compared)}) then
    update subscriptions set stripe_synced_at = p_new.stripe_synced_at where id = p_new.id;
    return false;
  end if;
  update subscriptions set (${sql.raw(written)}, updated_at) = (${of('p_new', written)}, now())
  where id = p_new.id;
  return true;
end
$$`,
  // A failed payment of the stored past_due period, learnt from an event whose fetch lost the race
  // to a newer one: only the failure's time still counts (and, for the current one, the grace).
  sql`create function note_subscription_failure(p_member members, p_stored subscriptions,
  p_at timestamptz, p_grace_days integer) returns void
language plpgsql as $$
begin
  if p_stored.status <> 'past_due' or coalesce(p_at < p_stored.current_period_start, false)
    or coalesce(p_stored.first_failed_payment_at <= p_at, false) then return; end if;
  update subscriptions set first_failed_payment_at = p_at, updated_at = now() where id = p_stored.id;
  if p_member.current_subscription_id = p_stored.id and p_member.status = 'past_due' then
    update members set updated_at = now(), grace_until =
      membership_grace_until('past_due', p_at, p_stored.current_period_start, p_grace_days)
    where id = p_member.id;
  end if;
end
$$`,
  // The first failed payment since the subscription was last paid. Only signals about its latest
  // invoice count, so late or replayed invoice events of earlier cycles cannot move it.
  sql`create function first_failed_payment(p jsonb, p_status text, p_known timestamptz)
returns timestamptz language sql immutable as $$
  select case
    when p_status <> 'past_due' then null
    when p -> 'invoice' is null or (p ->> 'latest_invoice_id' is not null
      and p ->> 'latest_invoice_id' <> p -> 'invoice' ->> 'id') then p_known
    when p -> 'invoice' ->> 'outcome' = 'paid' then null
    else least(p_known, (p -> 'invoice' ->> 'at')::timestamptz) end
$$`,
  // The member's state follows its current subscription (a live one first, then the most recently
  // started): a transition (with its history, rollups and mail) when it moved, then the member row.
  sql`create function settle_membership(p jsonb, p_member members, p_new subscriptions, p_is_new boolean)
returns jsonb language plpgsql as $$
declare
  c subscriptions;
  v_event text := p -> 'event' ->> 'id';
  v_from members := p_member;
  v_to members := p_member;
  v_trial_only boolean;
  v_grace timestamptz;
  v_at timestamptz;
  v_mail uuid;
  v_customer text := coalesce(p_member.stripe_customer_id, p_new.stripe_customer_id);
begin
  select * into c from subscriptions where member_id = p_member.id
  order by status in ('active', 'trialing', 'past_due', 'unpaid', 'paused') desc, start_date desc,
    id collate "C" desc
  limit 1;
  v_to.status := coalesce(c.status, 'none');
  v_to.tier_id := c.tier_id;
  v_to.currency := c.currency;
  v_to.mrr := coalesce(c.mrr, 0);
  if p_is_new and c.id = p_new.id and v_to.status in ('canceled', 'unpaid') then
    -- First seen already ended (a back-fill, or its creation event is still on its way): its
    -- start is history too, so every order of events and stripe sync record the same start and end.
    v_trial_only := p_new.trial_end >= coalesce(p_new.ended_at, p_new.canceled_at);
    v_from := v_to;
    v_from.status := case when v_trial_only then 'trialing' else 'active' end;
    v_from.mrr := case when v_trial_only then 0 else (p ->> 'paying_mrr')::integer end;
    perform record_membership_transition(p_member.id, p_new.id, p_new.start_date, p_member.status,
      p_member.tier_id, p_member.currency, p_member.mrr, v_from.status, v_from.tier_id,
      v_from.currency, v_from.mrr, null, v_event);
  end if;
  v_grace := membership_grace_until(v_to.status, c.first_failed_payment_at, c.current_period_start,
    (p ->> 'grace_days')::integer);
  if c.id is not null and (v_from.status, v_from.tier_id, v_from.currency, v_from.mrr)
      is distinct from (v_to.status, v_to.tier_id, v_to.currency, v_to.mrr) then
    v_at := case
      when c.status in ('canceled', 'incomplete_expired')
        then coalesce(c.ended_at, c.canceled_at, (p -> 'event' ->> 'created')::timestamptz, c.start_date)
      when p_member.current_subscription_id is distinct from c.id then c.start_date
      else coalesce((p -> 'event' ->> 'created')::timestamptz, c.current_period_start, c.start_date) end;
    perform record_membership_transition(p_member.id, c.id, v_at, v_from.status, v_from.tier_id,
      v_from.currency, v_from.mrr, v_to.status, v_to.tier_id, v_to.currency, v_to.mrr,
      membership_churn_kind(v_from.status, v_to.status, c.cancellation_reason), v_event);
    v_mail := enqueue_membership_mail(p_member.id, p_member.email, c.id, v_from.status, v_to.status, v_at);
  end if;
  if (v_from.status, v_from.tier_id, v_from.currency, v_from.mrr, p_member.current_subscription_id,
      p_member.grace_until, p_member.stripe_customer_id)
      is distinct from (v_to.status, v_to.tier_id, v_to.currency, v_to.mrr, c.id, v_grace, v_customer) then
    update members set status = v_to.status, tier_id = v_to.tier_id, currency = v_to.currency,
      mrr = v_to.mrr, grace_until = v_grace, current_subscription_id = c.id,
      stripe_customer_id = v_customer, updated_at = now()
    where id = p_member.id;
  end if;
  return jsonb_build_object('member_id', p_member.id, 'mail_id', v_mail, 'transition', case
    when v_at is not null then jsonb_build_object('from', v_from.status, 'to', v_to.status, 'at', v_at) end);
end
$$`,
  // THE upsert of a fetched Stripe subscription (webhooks, stripe sync, sign-in after Checkout). With
  // p.claim, it first claims the event (a twin waits for our commit, then finds it claimed). An older
  // fetch never overwrites a newer one, so the order in which events arrive cannot matter.
  sql`create function apply_subscription(p jsonb) returns jsonb
language plpgsql as $$
declare
  v_new subscriptions := jsonb_populate_record(null::subscriptions, p -> 'subscription');
  v_existing subscriptions;
  v_member members;
  v_changed boolean;
begin
  if p -> 'claim' is not null then
    insert into stripe_events (id, type, stripe_created)
    values (p -> 'claim' ->> 'id', p -> 'claim' ->> 'type', (p -> 'claim' ->> 'created')::timestamptz)
    on conflict (id) do nothing;
    if not found then return jsonb_build_object('duplicate', true); end if;
  end if;
  if p -> 'link' is not null then
    update members set stripe_customer_id = p -> 'link' ->> 'customer_id', updated_at = now()
    where id = (p -> 'link' ->> 'member_id')::uuid and stripe_customer_id is null;
  end if;
  v_member := lock_subscription_owner(p);
  if v_member.id is null then return jsonb_build_object('member_id', null, 'changed', false); end if;
  select * into v_existing from subscriptions where id = v_new.id for update;
  if v_existing.stripe_synced_at > v_new.stripe_synced_at then
    if p -> 'invoice' ->> 'outcome' = 'failed' then
      perform note_subscription_failure(v_member, v_existing, (p -> 'invoice' ->> 'at')::timestamptz,
        (p ->> 'grace_days')::integer);
    end if;
    return jsonb_build_object('member_id', v_member.id, 'changed', false);
  end if;
  v_new.member_id := coalesce(v_existing.member_id, v_member.id);
  select id, tier_id into v_new.price_id, v_new.tier_id from prices where stripe_price_id = v_new.stripe_price_id;
  v_new.first_failed_payment_at := first_failed_payment(p, v_new.status, v_existing.first_failed_payment_at);
  v_changed := store_subscription(v_new, v_existing);
  return settle_membership(p, v_member, v_new, v_existing.id is null) || jsonb_build_object('changed', v_changed);
end
$$`,
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const fn of functions) await fn.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function apply_subscription, settle_membership, first_failed_payment,
    note_subscription_failure, store_subscription, lock_subscription_owner, enqueue_membership_mail,
    record_membership_transition, membership_grace_until, membership_churn_kind`.execute(db)
}
