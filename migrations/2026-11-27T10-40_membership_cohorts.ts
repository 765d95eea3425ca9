import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.

/**
 * Per cohort (the UTC month of a member's first paid start) and day: members joining the cohort and
 * the net change of its members in the paying set, kept by recordTransition beside membership_daily,
 * so the cohort report reads rollups instead of every cohort member's history.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table membership_cohort_daily (
      cohort date not null check (cohort = date_trunc('month', cohort)::date),
      day date not null,
      joined integer not null default 0 check (joined >= 0),
      paying_delta integer not null default 0,
      primary key (cohort, day)
    )
  `.execute(db)

  // Back-fill from the history recorded so far, by the same rules.
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
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table membership_cohort_daily`.execute(db)
}
