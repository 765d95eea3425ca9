import { type Kysely, sql } from 'kysely'

// Frozen in time: this file imports nothing from src/.
//
// round_participants keeps, per round and member, how many votes are cast and suggestions made.
// Triggers keep it in step with votes and suggestions, so the vote budget and the suggestion limit
// hold in the database itself: the counter row is locked by INSERT ... ON CONFLICT DO UPDATE, so two
// concurrent votes of one member queue on it and the budget check sees the other's committed vote.

const SUGGESTIONS_PER_MEMBER_PER_ROUND = 3

const upStatements = [
  `create table round_participants (
    round_id uuid not null references rounds (id),
    member_id uuid not null references members (id),
    votes_used integer not null default 0 check (votes_used >= 0),
    suggestions_made integer not null default 0,
    primary key (round_id, member_id),
    constraint round_participants_suggestion_limit
      check (suggestions_made between 0 and ${SUGGESTIONS_PER_MEMBER_PER_ROUND})
  )`,
  `insert into round_participants (round_id, member_id, votes_used)
    select round_id, member_id, count(*) from votes group by round_id, member_id`,
  `insert into round_participants as p (round_id, member_id, suggestions_made)
    select round_id, member_id, least(count(*), ${SUGGESTIONS_PER_MEMBER_PER_ROUND})
    from suggestions group by round_id, member_id
    on conflict (round_id, member_id) do update set suggestions_made = excluded.suggestions_made`,
  `create function round_participants_count_vote() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      insert into round_participants as p (round_id, member_id, votes_used)
      values (new.round_id, new.member_id, 1)
      on conflict (round_id, member_id) do update set votes_used = p.votes_used + 1
        where p.votes_used < (select r.votes_per_member from rounds r where r.id = new.round_id);
      if not found then
        raise exception 'The vote budget of this round is used up.'
          using errcode = 'check_violation', constraint = 'round_participants_vote_budget';
      end if;
    else
      update round_participants set votes_used = votes_used - 1
      where round_id = old.round_id and member_id = old.member_id;
    end if;
    return null;
  end
  $$`,
  `create trigger votes_count_per_participant after insert or delete on votes
    for each row execute function round_participants_count_vote()`,
  `create function round_participants_count_suggestion() returns trigger language plpgsql as $$
  begin
    insert into round_participants as p (round_id, member_id, suggestions_made)
    values (new.round_id, new.member_id, 1)
    on conflict (round_id, member_id) do update set suggestions_made = p.suggestions_made + 1;
    return null;
  end
  $$`,
  `create trigger suggestions_count_per_participant after insert on suggestions
    for each row execute function round_participants_count_suggestion()`,
  `alter table topics add constraint topics_coverage_url_when_covered
    check (coverage_url is null or status = 'covered')`,
  `alter table suggestions add constraint suggestions_decided_when_not_pending
    check ((status = 'pending') = (decided_at is null))`,
  `create unique index suggestions_topic on suggestions (topic_id) where topic_id is not null`,
  `create index suggestions_created on suggestions (created_at, id)`,
]

const downStatements = [
  'drop index suggestions_created',
  'drop index suggestions_topic',
  'alter table suggestions drop constraint suggestions_decided_when_not_pending',
  'alter table topics drop constraint topics_coverage_url_when_covered',
  'drop trigger suggestions_count_per_participant on suggestions',
  'drop function round_participants_count_suggestion()',
  'drop trigger votes_count_per_participant on votes',
  'drop function round_participants_count_vote()',
  'drop table round_participants',
]

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of downStatements) await sql.raw(statement).execute(db)
}
