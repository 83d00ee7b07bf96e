// Time in a tenant's or a BioTime server's IANA zone. Pure: "now" is always passed in.
import { DateTime } from 'luxon';

/** Whether the runtime knows this IANA zone name. */
export function isValidTimeZone(zone: string): boolean {
  return DateTime.fromMillis(0).setZone(zone).isValid;
}

/**
 * BioTime stores punch_time as a timestamp without zone in its server's local time.
 * Accepts "2026-11-23 09:01:02", "2026-11-23T09:01:02.123" or a Date-free ISO string.
 */
export function biotimeLocalToUtc(local: string, zone: string): Date {
  const text = local.trim().replace(' ', 'T');
  const hasOffset = /([+-]\d\d:?\d\d|Z)$/.test(text);
  const dt = hasOffset ? DateTime.fromISO(text, { setZone: true }) : DateTime.fromISO(text, { zone });
  if (!dt.isValid) throw new Error(`Unreadable BioTime punch_time "${local}"`);
  return dt.toJSDate();
}

/** "2026-11-23 09:01" in the given zone. */
export function formatLocalDateTime(instant: Date | string, zone: string): string {
  return toZone(instant, zone).toFormat('yyyy-LL-dd HH:mm');
}

export function formatLocalTime(instant: Date | string, zone: string): string {
  return wallClock(instant, zone).toISOString().slice(11, 16);
}

/** The workday (yyyy-mm-dd) an instant falls on in a zone. */
export function localDate(instant: Date | string | number, zone: string): string {
  return wallClock(instant, zone).toISOString().slice(0, 10);
}

// A zone's offset is the same for every instant of a quarter hour (offsets and their changes
// fall on quarter hours), so it is looked up once per quarter hour: months of punches are read
// on every report, and luxon's zone arithmetic per instant would dominate.
const QUARTER_HOUR = 900_000;
const offsets = new Map<string, Map<number, number>>();

function offsetMinutes(ms: number, zone: string): number {
  let zoneOffsets = offsets.get(zone);
  if (!zoneOffsets || zoneOffsets.size > 100_000) {
    zoneOffsets = new Map();
    offsets.set(zone, zoneOffsets);
  }
  const quarter = Math.floor(ms / QUARTER_HOUR);
  let offset = zoneOffsets.get(quarter);
  if (offset === undefined) {
    offset = DateTime.fromMillis(quarter * QUARTER_HOUR, { zone }).offset;
    zoneOffsets.set(quarter, offset);
  }
  return offset;
}

/** The zone's wall clock at an instant, as a Date whose UTC fields read that wall clock. */
export function wallClock(instant: Date | string | number, zone: string): Date {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(ms + offsetMinutes(ms, zone) * 60_000);
}

/** [start, end) of the calendar month containing `now`, in the zone, as UTC instants. */
export function monthBounds(now: Date, zone: string): { start: Date; end: Date; label: string } {
  const local = DateTime.fromJSDate(now).setZone(zone).startOf('month');
  return { start: local.toJSDate(), end: local.plus({ months: 1 }).toJSDate(), label: local.toFormat('yyyy-LL') };
}

function toZone(instant: Date | string, zone: string): DateTime {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant) : DateTime.fromJSDate(instant);
  return dt.setZone(zone);
}
