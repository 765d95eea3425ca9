import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import type { Db } from '../src/db/connect.js'

/**
 * Seeds `members` members with four years of membership history, all in SQL (generate_series), with
 * membership_history and membership_daily written by the same rules as recordTransition:
 *   - 10% never pay; the others start at a random time in the last four years, 20% after a 14-day trial;
 *   - three tiers: Supporter (eur 500 / yearly 417), Champion (eur 1000 / 833), Friend (usd 700 / 650);
 *   - 30% change plan (Supporter <-> Champion, Friend monthly <-> yearly) within ~500 days;
 *   - 15% pay late once (past_due, paid 3 days later);
 *   - 45% churn within ~3 years: 70% cancel (voluntary), 30% go past_due then unpaid 14 days later
 *     (involuntary); 30% of those who churn come back;
 *   - 0.5% hold a comp.
 * Transitions dated after now are left out, so each member ends in a consistent current state.
 */
export async function seedMembership(
  pool: Db,
  members: number,
  log: (line: string) => void = () => {},
): Promise<void> {
  await pool.connection().execute(async (db) => {
    // The rows are consistent by construction: skip foreign-key triggers where we may (superuser).
    await sql`set session_replication_role = replica`.execute(db).catch(() => log('  (foreign keys checked)'))
    await seed(db, members, log)
    await sql`reset session_replication_role`.execute(db).catch(() => {})
  })
  await sql`vacuum analyze`.execute(pool)
}

async function seed(db: Db, members: number, log: (line: string) => void) {
  let clock = performance.now()
  const lap = (what: string) => {
    const now = performance.now()
    log(`    ${what}: ${((now - clock) / 1000).toFixed(1)} s`)
    clock = now
  }
  const n = sql.lit(Math.trunc(members))
  const tiers = [randomUUID(), randomUUID(), randomUUID()] as const
  await db
    .insertInto('tiers')
    .values([
      { id: tiers[0], name: 'Supporter', currency: 'eur' },
      { id: tiers[1], name: 'Champion', currency: 'eur' },
      { id: tiers[2], name: 'Friend', currency: 'usd' },
    ])
    .execute()
  await db
    .insertInto('prices')
    .values([
      { tier_id: tiers[0], interval: 'month', amount: 500, currency: 'eur' },
      { tier_id: tiers[0], interval: 'year', amount: 5000, currency: 'eur' },
      { tier_id: tiers[1], interval: 'month', amount: 1000, currency: 'eur' },
      { tier_id: tiers[1], interval: 'year', amount: 10000, currency: 'eur' },
      { tier_id: tiers[2], interval: 'month', amount: 700, currency: 'usd' },
      { tier_id: tiers[2], interval: 'year', amount: 7800, currency: 'usd' },
    ])
    .execute()
  const tierId = (pick: string) =>
    sql.raw(`(case ${pick} when 0 then '${tiers[0]}' when 1 then '${tiers[1]}' else '${tiers[2]}' end)::uuid`)

  await sql`drop table if exists bench_plan, bench_events`.execute(db)
  await sql`
    create unlogged table bench_plan as
    select g, gen_random_uuid() as member_id,
      random() < 0.1 as never_paid,
      now() - random() * interval '1460 days' as start_at,
      random() < 0.2 as trial,
      floor(random() * 3)::int as tier_pick,
      random() < 0.25 as yearly,
      random() < 0.3 as changes,
      random() < 0.45 as churns,
      random() < 0.3 as involuntary,
      random() < 0.3 as returns,
      random() as r1, random() as r2, random() as r3, random() as r4
    from generate_series(1, ${n}) g
  `.execute(db)
  lap('plan')

  await sql`
    create unlogged table bench_events as
    with p as (
      select member_id, trial, start_at, tier_pick, yearly, involuntary, returns,
        start_at + case when trial then interval '14 days' else interval '0' end as paid_at,
        case when tier_pick = 2 then 2 else 1 - tier_pick end as tier2,
        case when tier_pick = 2 then not yearly else yearly end as yearly2,
        changes, churns, r1, r2, r3, r4
      from bench_plan where not never_paid
    ), t as (
      select p.*,
        paid_at + (20 + r1 * 500) * interval '1 day' as change_at,
        paid_at + (30 + r2 * 1200) * interval '1 day' as churn_at,
        paid_at + (10 + r4 * 1000) * interval '1 day' as late_at
      from p
    ), c as (
      select t.*,
        changes and (not churns or change_at < churn_at - interval '14 days') as changed
      from t
    ), s as (
      select c.*,
        case when changed then tier2 else tier_pick end as last_tier,
        case when changed then yearly2 else yearly end as last_yearly,
        r3 > 0.85 and (not churns or late_at < churn_at - interval '20 days') as late,
        case when changed and late_at > change_at then tier2 else tier_pick end as late_tier,
        case when changed and late_at > change_at then yearly2 else yearly end as late_yearly
      from c
    ), e as (
      select member_id, start_at as at, 1 as seq, 'trialing' as status, tier_pick as tier, yearly, null as churn
        from s where trial
      union all
      select member_id, paid_at, 2, 'active', tier_pick, yearly, null from s
      union all
      select member_id, change_at, 3, 'active', tier2, yearly2, null from s where changed
      union all
      select member_id, churn_at - interval '14 days', 4, 'past_due', last_tier, last_yearly, null
        from s where churns and involuntary
      union all
      select member_id, churn_at, 5, case when involuntary then 'unpaid' else 'canceled' end, last_tier, last_yearly,
          case when involuntary then 'involuntary' else 'voluntary' end
        from s where churns
      union all
      select member_id, churn_at + (10 + r3 * 400) * interval '1 day', 6, 'active', last_tier, last_yearly, null
        from s where churns and returns
      union all
      select member_id, late_at, 7, 'past_due', late_tier, late_yearly, null from s where late
      union all
      select member_id, late_at + interval '3 days', 8, 'active', late_tier, late_yearly, null from s where late
    )
    select member_id, at, seq, status, ${tierId('tier')} as tier_id,
      case when tier = 2 then 'usd' else 'eur' end as currency,
      case when status not in ('active', 'past_due') then 0
        when tier = 0 then case when yearly then 417 else 500 end
        when tier = 1 then case when yearly then 833 else 1000 end
        else case when yearly then 650 else 700 end end as mrr,
      churn
    from e where at <= now()
  `.execute(db)
  lap('transitions')

  await sql`
    insert into members (id, email, status, tier_id, currency, mrr, created_at)
    select p.member_id, 'bench-' || p.g || '@example.test', coalesce(l.status, 'none'), l.tier_id, l.currency,
      coalesce(l.mrr, 0), p.start_at
    from bench_plan p
    left join (
      select distinct on (member_id) member_id, status, tier_id, currency, mrr
      from bench_events order by member_id, at desc, seq desc
    ) l on l.member_id = p.member_id
  `.execute(db)
  lap('members')

  await sql`
    insert into membership_history (member_id, at, from_status, to_status, from_tier_id, to_tier_id,
      from_currency, to_currency, from_mrr, to_mrr, new_patron, churn)
    select member_id, at, coalesce(prev_status, 'none'), status, prev_tier, tier_id, prev_currency, currency,
      case when prev_status in ('active', 'past_due') then prev_mrr else 0 end,
      case when status in ('active', 'past_due') then mrr else 0 end,
      coalesce(prev_status, 'none') not in ('active', 'past_due') and status in ('active', 'past_due'),
      churn
    from (
      select e.*, lag(status) over w as prev_status, lag(tier_id) over w as prev_tier,
        lag(currency) over w as prev_currency, lag(mrr) over w as prev_mrr
      from bench_events e
      window w as (partition by member_id order by at, seq)
    ) h
    order by at
  `.execute(db)
  lap('history')

  // The rollups, by recordTransition's rules: the leaving state's bucket loses, the joining one gains.
  await sql`
    insert into membership_daily (day, currency, tier_id, mrr_delta, active_delta, past_due_delta, new_patrons,
      churned_voluntary, churned_involuntary)
    select day, currency, tier_id, sum(mrr), sum(active), sum(past_due), sum(new_patrons), sum(vol), sum(invol)
    from (
      select (at at time zone 'UTC')::date as day, from_currency as currency, from_tier_id as tier_id,
        -from_mrr as mrr, -1 as active, case when from_status = 'past_due' then -1 else 0 end as past_due,
        0 as new_patrons, coalesce(churn = 'voluntary', false)::int as vol,
        coalesce(churn = 'involuntary', false)::int as invol
      from membership_history where from_status in ('active', 'past_due') and from_currency is not null
      union all
      select (at at time zone 'UTC')::date, to_currency, to_tier_id, to_mrr, 1,
        case when to_status = 'past_due' then 1 else 0 end, new_patron::int, 0, 0
      from membership_history where to_status in ('active', 'past_due') and to_currency is not null
    ) d
    group by day, currency, tier_id
  `.execute(db)
  lap('daily rollups')

  // The cohort rollups, by the same rules (as the 10-40 migration back-fills them).
  await sql`
    insert into membership_cohort_daily (cohort, day, joined, paying_delta)
    select date_trunc('month', f.at at time zone 'UTC')::date, (h.at at time zone 'UTC')::date,
      sum(case when h.id = f.id then 1 else 0 end), sum(case when h.new_patron then 1 else -1 end)
    from membership_history h
    join (
      select distinct on (member_id) member_id, id, at from membership_history
      where new_patron order by member_id, at, id
    ) f on f.member_id = h.member_id
    where h.new_patron
      or (h.from_status in ('active', 'past_due') and h.to_status not in ('active', 'past_due') and h.at >= f.at)
    group by 1, 2
  `.execute(db)
  lap('cohort rollups')

  await sql`
    insert into comps (member_id, starts_at, until)
    select member_id, start_at, start_at + (90 + r1 * 275) * interval '1 day'
    from bench_plan where r3 < 0.005
  `.execute(db)
  lap('comps')

  await sql`drop table bench_plan, bench_events`.execute(db)
}
