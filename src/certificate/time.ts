// The one formatter of times on certificates and verify pages: Beijing time (UTC+8, no daylight
// saving since 1991), as Chinese courts and copyright centres read it, with UTC beside it.

const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;
const RFC3339_UTC = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/;

function formatClock(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * RFC 3339 UTC text as `2026-12-07 20:15:03 北京时间 (2026-12-07 12:15:03.123 UTC)`; any other text
 * (not such a time) is returned unchanged, so nothing is invented.
 */
export function formatCertificateTime(time: string): string {
  const match = RFC3339_UTC.exec(time);
  const date = new Date(time);
  if (match === null || Number.isNaN(date.getTime())) return time;
  const beijing = formatClock(new Date(date.getTime() + BEIJING_OFFSET_MS));
  return `${beijing} 北京时间 (${match[1]} ${match[2]}${match[3] ?? ''} UTC)`;
}
