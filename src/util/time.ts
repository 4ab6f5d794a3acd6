/** Clock times are stored as "HH:MM" in files and as seconds since midnight inside the engine. */
export function parseClock(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`expected a clock time HH:MM, got "${text}"`);
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 47 || min > 59) throw new Error(`clock time out of range: "${text}"`);
  return h * 3600 + min * 60;
}

export function formatClock(seconds: number): string {
  const total = Math.round(seconds / 60);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
