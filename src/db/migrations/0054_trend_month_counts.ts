import { sql, type Kysely } from 'kysely';

/**
 * Issue 23 "Speed": counts by agency month for the charts that count incidents and calls, so a
 * five-year chart sums a few thousand counts instead of reading 250 000 roll-up rows each time
 * (src/trends/store.ts reads whole months here and the days around them from the rows).
 *
 * - `trend_month`: counted incidents (not merged duplicates) by month, type, priority and sector:
 *   the monthly charts (by type or sector, with any filter) and the map's count of incidents.
 * - `trend_heat`: counted incidents and calls by month, ISO day of week and hour: the heat map
 *   without a type, sector or priority filter (a filtered heat map reads the rows).
 *
 * Triggers on `trend_incident` and `trend_call` (themselves kept by migration 0049's triggers in
 * the writing transaction) take the old row's count out and put the new row's in; an update that
 * changes none of the counted columns fires nothing. A call's month is now kept on its row
 * (`trend_call.month`), so a new agency zone (`trend_clock_set`, which works every row out again)
 * moves each count from the old row's month to the new one's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`alter table trend_call add column month date`,
    sql`update trend_call set month = cast(date_trunc('month', received_at at time zone (select time_zone from trend_clock)) as date)`,
    sql`alter table trend_call alter column month set not null`,
    sql`create or replace function trend_call_changed() returns trigger language plpgsql as $$
      declare zone text := (select time_zone from trend_clock);
      begin
        insert into trend_call as t (id, received_at, month, dow, hour, priority, incident_number)
        values (new.id, new.received_at, cast(date_trunc('month', new.received_at at time zone zone) as date),
          cast(extract(isodow from new.received_at at time zone zone) as smallint),
          cast(extract(hour from new.received_at at time zone zone) as smallint), new.priority, new.incident_number)
        on conflict (id) do update set received_at = excluded.received_at, month = excluded.month, dow = excluded.dow, hour = excluded.hour,
          priority = excluded.priority, incident_number = excluded.incident_number;
        -- the incident's response times run from the call received
        if tg_op = 'UPDATE' and new.received_at is distinct from old.received_at and new.incident_number is not null then
          perform trend_incident_refresh(new.incident_number);
        end if;
        return null;
      end $$`,
    sql`create or replace function trend_clock_set(zone text) returns boolean language plpgsql as $$
      begin
        update trend_clock set time_zone = zone where time_zone <> zone;
        if not found then return false; end if;
        update trend_incident set month = cast(date_trunc('month', reported_at at time zone zone) as date),
          dow = cast(extract(isodow from reported_at at time zone zone) as smallint), hour = cast(extract(hour from reported_at at time zone zone) as smallint);
        update trend_call set month = cast(date_trunc('month', received_at at time zone zone) as date),
          dow = cast(extract(isodow from received_at at time zone zone) as smallint), hour = cast(extract(hour from received_at at time zone zone) as smallint);
        update trend_assignment set hour = cast(extract(hour from dispatched_at at time zone zone) as smallint);
        return true;
      end $$`,

    sql`create table trend_month (
      month date not null,
      type text not null,
      priority integer not null,
      sector text not null,
      n integer not null,
      primary key (month, type, priority, sector)
    )`,
    sql`create table trend_heat (
      month date not null,
      dow smallint not null,
      hour smallint not null,
      calls integer not null default 0,
      incidents integer not null default 0,
      primary key (month, dow, hour)
    )`,

    // add (sign 1) or take out (sign -1) one counted incident
    sql`create function trend_month_count(r trend_incident, sign integer) returns void language plpgsql as $$
      begin
        if not r.counted then return; end if;
        insert into trend_month as t (month, type, priority, sector, n) values (r.month, r.type, r.priority, r.sector, sign)
          on conflict (month, type, priority, sector) do update set n = t.n + excluded.n;
        insert into trend_heat as t (month, dow, hour, incidents) values (r.month, r.dow, r.hour, sign)
          on conflict (month, dow, hour) do update set incidents = t.incidents + excluded.incidents;
      end $$`,
    sql`create function trend_month_incident_changed() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then perform trend_month_count(old, -1); end if;
        if tg_op <> 'DELETE' then perform trend_month_count(new, 1); end if;
        return null;
      end $$`,
    sql`create trigger trend_month_added after insert or delete on trend_incident for each row execute function trend_month_incident_changed()`,
    sql`create trigger trend_month_corrected after update of month, dow, hour, type, priority, sector, counted on trend_incident for each row
      when ((old.month, old.dow, old.hour, old.type, old.priority, old.sector, old.counted)
        is distinct from (new.month, new.dow, new.hour, new.type, new.priority, new.sector, new.counted))
      execute function trend_month_incident_changed()`,

    sql`create function trend_heat_call_changed() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          update trend_heat set calls = calls - 1 where month = old.month and dow = old.dow and hour = old.hour;
        end if;
        if tg_op <> 'DELETE' then
          insert into trend_heat as t (month, dow, hour, calls) values (new.month, new.dow, new.hour, 1)
            on conflict (month, dow, hour) do update set calls = t.calls + 1;
        end if;
        return null;
      end $$`,
    sql`create trigger trend_heat_call_added after insert or delete on trend_call for each row execute function trend_heat_call_changed()`,
    sql`create trigger trend_heat_call_corrected after update of month, dow, hour on trend_call for each row
      when ((old.month, old.dow, old.hour) is distinct from (new.month, new.dow, new.hour))
      execute function trend_heat_call_changed()`,

    sql`insert into trend_month (month, type, priority, sector, n)
      select month, type, priority, sector, count(*) from trend_incident where counted group by 1, 2, 3, 4`,
    sql`insert into trend_heat (month, dow, hour, calls, incidents)
      select month, dow, hour, sum(calls), sum(incidents) from (
        select month, dow, hour, 1 as calls, 0 as incidents from trend_call
        union all select month, dow, hour, 0, 1 from trend_incident where counted
      ) e group by 1, 2, 3`,
  ]) await statement.execute(db);
}
