import { sql, type Kysely } from 'kysely';

/**
 * The Trends page's roll-up (issue 23, "Speed"): one narrow row per incident, per call and per
 * unit assignment, carrying only what the charts count by, with the agency-clock month, day of
 * week and hour already worked out and each incident's first dispatch, en route and arrival in
 * whole seconds from the call. The charts read these instead of the wide CAD tables and their
 * JSON locations, so a five-year chart neither joins nor converts a time zone per row.
 *
 * Triggers on `incident`, `incident_unit` and `call` keep the rows in the same transaction as
 * the write that changes them (whatever path writes: dispatch, corrections, merges, reopening),
 * each with one upsert; an update that touches none of the counted columns fires nothing.
 * The agency's time zone is read at start (config), so the rows are worked out in the zone held
 * in `trend_clock`, which the server sets at start (src/trends/rollup.ts); a new zone recomputes
 * every row once. Until then the migration's backfill uses UTC.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of [
    sql`create table trend_clock (
      one boolean primary key default true check (one),
      time_zone text not null
    )`,
    sql`insert into trend_clock (time_zone) values ('UTC')`,
    sql`create table trend_incident (
      number text primary key references incident(number) on delete cascade,
      reported_at timestamptz not null,
      month date not null,
      dow smallint not null,
      hour smallint not null,
      type text not null,
      priority integer not null,
      sector text not null,
      counted boolean not null,
      hidden boolean not null,
      lat double precision,
      lon double precision,
      dispatch_seconds integer,
      en_route_seconds integer,
      arrival_seconds integer
    )`,
    sql`create index trend_incident_reported on trend_incident (reported_at)`,
    sql`create table trend_call (
      id uuid primary key references call(id) on delete cascade,
      received_at timestamptz not null,
      dow smallint not null,
      hour smallint not null,
      priority integer not null,
      incident_number text
    )`,
    sql`create index trend_call_received on trend_call (received_at)`,
    sql`create table trend_assignment (
      incident_number text not null,
      call_sign text not null,
      dispatched_at timestamptz not null,
      hour smallint not null,
      cleared_at timestamptz,
      type text not null,
      priority integer not null,
      sector text not null,
      counted boolean not null,
      primary key (incident_number, call_sign, dispatched_at)
    )`,
    sql`create index trend_assignment_dispatched on trend_assignment (dispatched_at)`,

    // whole seconds from one instant to a later one (none when there is no later one; never below 0)
    sql`create function trend_seconds(started timestamptz, reached timestamptz) returns integer language sql immutable as $$
      select case when reached is not null then cast(greatest(round(extract(epoch from reached - started)), 0) as integer) end $$`,
    // one incident's row from the CAD tables: its counted facts and its first unit times
    sql`create function trend_incident_refresh(wanted text) returns void language plpgsql as $$
      declare zone text := (select time_zone from trend_clock);
      begin
        -- two transactions adding units to one incident: the second waits and then sees the first's
        perform 1 from trend_incident where number = wanted for update;
        insert into trend_incident as t (number, reported_at, month, dow, hour, type, priority, sector, counted, hidden, lat, lon,
          dispatch_seconds, en_route_seconds, arrival_seconds)
        select i.number, i.reported_at, cast(date_trunc('month', i.reported_at at time zone zone) as date),
          cast(extract(isodow from i.reported_at at time zone zone) as smallint), cast(extract(hour from i.reported_at at time zone zone) as smallint),
          i.type, i.priority, coalesce(i.location->>'area', ''), i.merged_into is null,
          i.confidential or coalesce(i.location->>'confidentialShelter', 'false') = 'true',
          case when jsonb_typeof(i.location->'lat') = 'number' and jsonb_typeof(i.location->'lon') = 'number' then cast(i.location->>'lat' as double precision) end,
          case when jsonb_typeof(i.location->'lat') = 'number' and jsonb_typeof(i.location->'lon') = 'number' then cast(i.location->>'lon' as double precision) end,
          trend_seconds(s.started, u.dispatched),
          trend_seconds(s.started, u.en_route),
          trend_seconds(s.started, u.arrived)
        from incident i
        cross join lateral (select coalesce((select c.received_at from call c where c.id = i.call_id), i.reported_at) as started) s
        cross join lateral (select min(x.dispatched_at) as dispatched, min(x.en_route_at) as en_route, min(x.arrived_at) as arrived
          from incident_unit x where x.incident_number = i.number) u
        where i.number = wanted
        on conflict (number) do update set reported_at = excluded.reported_at, month = excluded.month, dow = excluded.dow, hour = excluded.hour,
          type = excluded.type, priority = excluded.priority, sector = excluded.sector, counted = excluded.counted, hidden = excluded.hidden,
          lat = excluded.lat, lon = excluded.lon, dispatch_seconds = excluded.dispatch_seconds, en_route_seconds = excluded.en_route_seconds,
          arrival_seconds = excluded.arrival_seconds;
      end $$`,
    sql`create function trend_incident_changed() returns trigger language plpgsql as $$
      begin
        perform trend_incident_refresh(new.number);
        if tg_op = 'UPDATE' then
          update trend_assignment a set type = t.type, priority = t.priority, sector = t.sector, counted = t.counted
          from trend_incident t where t.number = new.number and a.incident_number = new.number
            and (a.type, a.priority, a.sector, a.counted) is distinct from (t.type, t.priority, t.sector, t.counted);
        end if;
        return null;
      end $$`,
    sql`create trigger trend_incident_added after insert on incident for each row execute function trend_incident_changed()`,
    sql`create trigger trend_incident_corrected after update of type, priority, location, reported_at, merged_into, confidential, call_id on incident
      for each row when (old.type is distinct from new.type or old.priority is distinct from new.priority or old.location is distinct from new.location
        or old.reported_at is distinct from new.reported_at or old.merged_into is distinct from new.merged_into
        or old.confidential is distinct from new.confidential or old.call_id is distinct from new.call_id)
      execute function trend_incident_changed()`,

    sql`create function trend_assignment_changed() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' and (old.incident_number, old.call_sign, old.dispatched_at) = (new.incident_number, new.call_sign, new.dispatched_at) then
          if old.cleared_at is distinct from new.cleared_at then
            update trend_assignment set cleared_at = new.cleared_at
            where incident_number = new.incident_number and call_sign = new.call_sign and dispatched_at = new.dispatched_at;
          end if;
        else
          if tg_op <> 'INSERT' then
            delete from trend_assignment where incident_number = old.incident_number and call_sign = old.call_sign and dispatched_at = old.dispatched_at;
          end if;
          if tg_op <> 'DELETE' then
            insert into trend_assignment (incident_number, call_sign, dispatched_at, hour, cleared_at, type, priority, sector, counted)
            select new.incident_number, new.call_sign, new.dispatched_at,
              cast(extract(hour from new.dispatched_at at time zone (select time_zone from trend_clock)) as smallint), new.cleared_at,
              t.type, t.priority, t.sector, t.counted
            from trend_incident t where t.number = new.incident_number;
          end if;
        end if;
        if tg_op = 'DELETE' or tg_op = 'UPDATE' and new.incident_number <> old.incident_number then perform trend_incident_refresh(old.incident_number); end if;
        if tg_op <> 'DELETE' and (tg_op = 'INSERT' or (old.dispatched_at, old.en_route_at, old.arrived_at) is distinct from (new.dispatched_at, new.en_route_at, new.arrived_at)
          or new.incident_number <> old.incident_number) then
          perform trend_incident_refresh(new.incident_number);
        end if;
        return null;
      end $$`,
    sql`create trigger trend_assignment_changed after insert or delete or update of incident_number, call_sign, dispatched_at, en_route_at, arrived_at, cleared_at
      on incident_unit for each row execute function trend_assignment_changed()`,

    sql`create function trend_call_changed() returns trigger language plpgsql as $$
      declare zone text := (select time_zone from trend_clock);
      begin
        insert into trend_call as t (id, received_at, dow, hour, priority, incident_number)
        values (new.id, new.received_at, cast(extract(isodow from new.received_at at time zone zone) as smallint),
          cast(extract(hour from new.received_at at time zone zone) as smallint), new.priority, new.incident_number)
        on conflict (id) do update set received_at = excluded.received_at, dow = excluded.dow, hour = excluded.hour,
          priority = excluded.priority, incident_number = excluded.incident_number;
        -- the incident's response times run from the call received
        if tg_op = 'UPDATE' and new.received_at is distinct from old.received_at and new.incident_number is not null then
          perform trend_incident_refresh(new.incident_number);
        end if;
        return null;
      end $$`,
    sql`create trigger trend_call_added after insert on call for each row execute function trend_call_changed()`,
    sql`create trigger trend_call_corrected after update of received_at, priority, incident_number on call
      for each row when (old.received_at is distinct from new.received_at or old.priority is distinct from new.priority
        or old.incident_number is distinct from new.incident_number)
      execute function trend_call_changed()`,

    // the agency's zone changed (or is set for the first time): every local column again, in one statement each
    sql`create function trend_clock_set(zone text) returns boolean language plpgsql as $$
      begin
        update trend_clock set time_zone = zone where time_zone <> zone;
        if not found then return false; end if;
        update trend_incident set month = cast(date_trunc('month', reported_at at time zone zone) as date),
          dow = cast(extract(isodow from reported_at at time zone zone) as smallint), hour = cast(extract(hour from reported_at at time zone zone) as smallint);
        update trend_call set dow = cast(extract(isodow from received_at at time zone zone) as smallint), hour = cast(extract(hour from received_at at time zone zone) as smallint);
        update trend_assignment set hour = cast(extract(hour from dispatched_at at time zone zone) as smallint);
        return true;
      end $$`,
  ]) await statement.execute(db);
  await backfill(db);
}

/** The rows for what is already written, set-based (in UTC until the server sets the agency's zone). */
async function backfill(db: Kysely<unknown>): Promise<void> {
  await sql`insert into trend_incident (number, reported_at, month, dow, hour, type, priority, sector, counted, hidden, lat, lon,
      dispatch_seconds, en_route_seconds, arrival_seconds)
    select i.number, i.reported_at, cast(date_trunc('month', i.reported_at at time zone 'UTC') as date),
      cast(extract(isodow from i.reported_at at time zone 'UTC') as smallint), cast(extract(hour from i.reported_at at time zone 'UTC') as smallint),
      i.type, i.priority, coalesce(i.location->>'area', ''), i.merged_into is null,
      i.confidential or coalesce(i.location->>'confidentialShelter', 'false') = 'true',
      case when jsonb_typeof(i.location->'lat') = 'number' and jsonb_typeof(i.location->'lon') = 'number' then cast(i.location->>'lat' as double precision) end,
      case when jsonb_typeof(i.location->'lat') = 'number' and jsonb_typeof(i.location->'lon') = 'number' then cast(i.location->>'lon' as double precision) end,
      trend_seconds(coalesce(c.received_at, i.reported_at), u.dispatched),
      trend_seconds(coalesce(c.received_at, i.reported_at), u.en_route),
      trend_seconds(coalesce(c.received_at, i.reported_at), u.arrived)
    from incident i left join call c on c.id = i.call_id
    left join (select incident_number, min(dispatched_at) as dispatched, min(en_route_at) as en_route, min(arrived_at) as arrived
      from incident_unit group by incident_number) u on u.incident_number = i.number`.execute(db);
  await sql`insert into trend_call (id, received_at, dow, hour, priority, incident_number)
    select id, received_at, cast(extract(isodow from received_at at time zone 'UTC') as smallint), cast(extract(hour from received_at at time zone 'UTC') as smallint),
      priority, incident_number from call`.execute(db);
  await sql`insert into trend_assignment (incident_number, call_sign, dispatched_at, hour, cleared_at, type, priority, sector, counted)
    select u.incident_number, u.call_sign, u.dispatched_at, cast(extract(hour from u.dispatched_at at time zone 'UTC') as smallint), u.cleared_at,
      t.type, t.priority, t.sector, t.counted
    from incident_unit u join trend_incident t on t.number = u.incident_number`.execute(db);
}
