/** Case dates in the reader's language. */

/** 'YYYY-MM-DD' as a calendar day: no time zone may move it to the day before. */
export function formatDay(day: string | null, language: string): string {
  if (!day) return '';
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** 'EX-001', or 'EX-001 – EX-003' for several labels given in order. */
export function labelRange(labels: readonly string[]): string {
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels[0]} – ${labels[labels.length - 1]}`;
}
