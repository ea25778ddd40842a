import { sql, type Kysely } from 'kysely';

/**
 * Issue 23, two parts.
 *
 * 1. The response-time chart's histogram (`trend_response`): for each agency-clock month,
 *    priority, sector and watch, and each stage (1 dispatched, 2 en route, 3 arrived), how many
 *    counted incidents took each 30-second bucket of time from the call. A five-year chart then
 *    sums a few tens of thousands of counts instead of grouping 750 000 stage times
 *    (src/trends/store.ts). A trigger on `trend_incident` (itself kept by migration 0049's triggers
 *    in the writing transaction) takes the old row's counts out and puts the new row's in; an
 *    update that changes none of the counted columns fires nothing.
 * 2. The offense codes of the shipped offense code table that are NIBRS codes themselves map to
 *    themselves, so a report's offenses carried into the NIBRS data (src/records/nibrs/fill.ts)
 *    are mapped; a code the agency mapped already is left as it is.
 */
/** The histogram's bucket width; `RESPONSE_BUCKET_SECONDS` in src/trends/store.ts reads the same. */
const BUCKET_SECONDS = 30;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table trend_response (
      month date not null,
      priority integer not null,
      sector text not null,
      watch smallint not null,
      stage smallint not null,
      bucket integer not null,
      n integer not null,
      primary key (month, priority, sector, watch, stage, bucket)
    )`,
    // the watch of an agency-clock hour: 1 day 07–15, 2 evening 15–23, 3 night 23–07 (SHIFTS in src/trends/store.ts)
    sql`create function trend_watch(hour smallint) returns smallint language sql immutable as $$
      select cast(case when hour between 7 and 14 then 1 when hour between 15 and 22 then 2 else 3 end as smallint) $$`,
    // add (sign 1) or take out (sign -1) one incident row's stage times
    sql`create function trend_response_count(r trend_incident, sign integer) returns void language plpgsql as $$
      begin
        if not r.counted or r.dispatch_seconds is null then return; end if;
        insert into trend_response as t (month, priority, sector, watch, stage, bucket, n)
        select r.month, r.priority, r.sector, trend_watch(r.hour), s.stage, s.seconds / ${sql.lit(BUCKET_SECONDS)}, sign
        from (values (1, r.dispatch_seconds), (2, r.en_route_seconds), (3, r.arrival_seconds)) s(stage, seconds)
        where s.seconds is not null
        on conflict (month, priority, sector, watch, stage, bucket) do update set n = t.n + excluded.n;
      end $$`,
    sql`create function trend_response_changed() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then perform trend_response_count(old, -1); end if;
        if tg_op <> 'DELETE' then perform trend_response_count(new, 1); end if;
        return null;
      end $$`,
    sql`create trigger trend_response_added after insert or delete on trend_incident for each row execute function trend_response_changed()`,
    sql`create trigger trend_response_corrected after update of month, hour, priority, sector, counted, dispatch_seconds, en_route_seconds, arrival_seconds
      on trend_incident for each row
      when ((old.month, old.hour, old.priority, old.sector, old.counted, old.dispatch_seconds, old.en_route_seconds, old.arrival_seconds)
        is distinct from (new.month, new.hour, new.priority, new.sector, new.counted, new.dispatch_seconds, new.en_route_seconds, new.arrival_seconds))
      execute function trend_response_changed()`,
    sql`insert into trend_response (month, priority, sector, watch, stage, bucket, n)
      select i.month, i.priority, i.sector, trend_watch(i.hour), s.stage, s.seconds / ${sql.lit(BUCKET_SECONDS)}, count(*)
      from trend_incident i
      cross join lateral (values (1, i.dispatch_seconds), (2, i.en_route_seconds), (3, i.arrival_seconds)) s(stage, seconds)
      where i.counted and i.dispatch_seconds is not null and s.seconds is not null
      group by 1, 2, 3, 4, 5, 6`,
    sql`insert into nibrs_offense_map (agency_code, nibrs_code, description, updated_by) values
      ('13A', '13A', 'Aggravated assault', 'system'), ('13B', '13B', 'Simple assault', 'system'), ('13C', '13C', 'Intimidation', 'system'),
      ('120', '120', 'Robbery', 'system'), ('220', '220', 'Burglary / breaking and entering', 'system'), ('23C', '23C', 'Shoplifting', 'system'),
      ('23F', '23F', 'Theft from a motor vehicle', 'system'), ('23H', '23H', 'All other larceny', 'system'), ('240', '240', 'Motor vehicle theft', 'system'),
      ('250', '250', 'Counterfeiting / forgery', 'system'), ('26A', '26A', 'False pretenses / swindle / confidence game', 'system'),
      ('280', '280', 'Stolen property offenses', 'system'), ('290', '290', 'Destruction / damage / vandalism of property', 'system'),
      ('35A', '35A', 'Drug / narcotic violations', 'system'), ('520', '520', 'Weapon law violations', 'system'), ('90C', '90C', 'Disorderly conduct', 'system'),
      ('90D', '90D', 'Driving under the influence', 'system'), ('90J', '90J', 'Trespass of real property', 'system'), ('90Z', '90Z', 'All other offenses', 'system')
      on conflict (agency_code) do nothing`,
  ]) await statement.execute(db);
}
