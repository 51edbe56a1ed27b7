export interface TimeReport {
  timezone: string;
  /** Wall-clock time in that zone, `YYYY-MM-DD HH:mm:ss`. */
  localTime: string;
  /** e.g. `GMT+9`. */
  utcOffset: string;
}

/** The time in an IANA timezone. `now` is injectable so the result is deterministic for a given instant. */
export function getTime(timezone: string, now: Date = new Date()): TimeReport {
  const zone = timezone.trim();
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    }).formatToParts(now);
  } catch {
    throw new Error(`Unknown timezone "${timezone}" (use an IANA name such as Europe/Paris)`);
  }
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return {
    timezone: zone,
    localTime: `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`,
    utcOffset: get('timeZoneName') || 'GMT',
  };
}
