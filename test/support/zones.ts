// Tests that build shifts from the wall clock run in a zone where it is about noon now, so no
// shift, workday or "yesterday" of theirs straddles local midnight whenever the suite runs.

/** A fixed-offset IANA zone (Etc/GMT±N) in which the current hour is as close to 12:00 as offsets allow. */
export function noonZone(now = new Date()): string {
  const offset = Math.max(-12, Math.min(14, 12 - now.getUTCHours()));
  // Etc/GMT signs are inverted: Etc/GMT-5 is five hours ahead of UTC.
  return offset === 0 ? 'Etc/UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

/** The zone's offset from UTC in hours (what noonZone chose). */
export function offsetHoursOf(zone: string): number {
  const m = /^Etc\/GMT([+-])(\d+)$/.exec(zone);
  return m ? (m[1] === '-' ? 1 : -1) * Number(m[2]) : 0;
}

export const NOON_ZONE = noonZone();
