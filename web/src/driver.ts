/**
 * Phone page of one vehicle of a dispatch (driver.html?dispatch=ID&vehicle=V): the stops in order, and per
 * carrier at each stop "delivered" or "failed + reason", with the pick-ups. Every tick becomes an entry with a
 * client-generated id, queued in localStorage and sent when the network allows; the server stores an entry
 * id once, so a resend after a lost answer is harmless.
 */
import type { ActualEntry } from '../../src/operations/types.ts';
import './style.css';
import './operations.css';
import { getToken } from './api.ts';
import { applyStatic, getLang, setLang, t } from './i18n.ts';
import { esc } from './state.ts';

interface Line {
  vehicle: string;
  trip: number;
  seq: number;
  stationId: string;
  station: string;
  township: string;
  carrierId: string;
  carrier: string;
  parcelsDown: number;
  parcelsUp: number;
  cold: boolean;
  arrival: string;
  actual: { delivered: number; failed: number; failReason: string; pickedUp: number } | null;
}
type Entry = ActualEntry;

const params = new URLSearchParams(location.search);
const dispatchId = params.get('dispatch') ?? '';
const vehicle = params.get('vehicle') ?? '';
const QUEUE_KEY = `gongpei.driver.queue.${dispatchId}`;
const DONE_KEY = `gongpei.driver.done.${dispatchId}.${vehicle}`;
const REASONS = ['absent', 'refused', 'address', 'damaged'] as const;

let lines: Line[] = [];

const readJson = <T>(key: string, fallback: T): T => {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null') ?? fallback;
  } catch {
    return fallback;
  }
};
const queue = (): Entry[] => readJson<Entry[]>(QUEUE_KEY, []);
const done = (): Record<string, Entry> => readJson<Record<string, Entry>>(DONE_KEY, {});
const keyOf = (l: { stationId: string; carrierId: string }) => `${l.stationId}|${l.carrierId}`;

function newId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c?.randomUUID) return c.randomUUID();
  return `e${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

function now(): string {
  const d = new Date();
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function record(line: Line, ok: boolean, reason: string, pickedUp: number): void {
  const entry: Entry = {
    entryId: newId(),
    vehicle,
    stationId: line.stationId,
    carrierId: line.carrierId,
    delivered: ok ? line.parcelsDown : 0,
    failed: ok ? 0 : line.parcelsDown,
    failReason: ok ? '' : reason,
    pickedUp,
    arrival: now(),
  };
  localStorage.setItem(QUEUE_KEY, JSON.stringify([...queue(), entry]));
  localStorage.setItem(DONE_KEY, JSON.stringify({ ...done(), [keyOf(line)]: entry }));
  draw();
  void flush();
}

let flushing = false;
/** Sends the queue; entries leave it only once the server has answered (a lost answer means a harmless resend). */
async function flush(): Promise<void> {
  if (flushing) return;
  const pending = queue();
  if (pending.length === 0) return status();
  flushing = true;
  try {
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const res = await fetch(`/api/dispatches/${encodeURIComponent(dispatchId)}/entries?lang=${getLang()}`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ entries: pending }),
    });
    if (res.ok || res.status === 400) {
      const sent = new Set(pending.map((e) => e.entryId));
      localStorage.setItem(QUEUE_KEY, JSON.stringify(queue().filter((e) => !sent.has(e.entryId))));
      if (res.status === 400) showError((await res.json())?.error?.message ?? 'rejected');
    }
  } catch {
    /* offline: keep the queue */
  } finally {
    flushing = false;
    status();
  }
}

function showError(message: string): void {
  document
    .getElementById('drv-status')!
    .insertAdjacentHTML('beforeend', `<pre class="error-box">${esc(message)}</pre>`);
}

function status(): void {
  const n = queue().length;
  const el = document.getElementById('drv-status')!;
  el.dataset.queued = String(n);
  el.innerHTML =
    n === 0
      ? `<span class="badge badge-ok">${t('ops.driver.synced')}</span>`
      : `<span class="badge badge-warn">${esc(t('ops.driver.queued', { n }))}</span> ${navigator.onLine ? '' : esc(t('ops.driver.offline'))}`;
}

function draw(): void {
  const recorded = done();
  const stops = new Map<string, Line[]>();
  for (const l of lines)
    stops.set(`${l.trip}|${l.seq}|${l.stationId}`, [...(stops.get(`${l.trip}|${l.seq}|${l.stationId}`) ?? []), l]);
  const html = [...stops.values()]
    .map((group) => {
      const s = group[0];
      const rows = group
        .map((l) => {
          const r = recorded[keyOf(l)] ?? (l.actual ? { ...l.actual, delivered: l.actual.delivered } : null);
          const state = r
            ? `<span class="badge ${r.failed > 0 ? 'badge-bad' : 'badge-ok'}" data-testid="drv-recorded">${r.failed > 0 ? `${t('ops.driver.fail')} ${esc(r.failReason)}` : t('ops.driver.deliver')}</span>`
            : '';
          return `<div class="drv-line" data-key="${esc(keyOf(l))}">
        <div><b>${esc(l.carrier)}</b> ${l.parcelsDown} ${l.cold ? `<span class="badge badge-warn">${t('ops.driver.cold')}</span>` : ''} ${state}</div>
        <div class="actions"><button class="btn btn-primary" data-act="ok" data-testid="drv-deliver">${t('ops.driver.deliver')}</button>
          <select data-role="reason" aria-label="${t('ops.driver.reason')}">${REASONS.map((x) => `<option value="${x}">${t(`ops.driver.reason.${x}`)}</option>`).join('')}</select>
          <button class="btn" data-act="fail" data-testid="drv-fail">${t('ops.driver.fail')}</button>
          <label>${t('ops.driver.pickup')} <input type="number" min="0" step="1" value="${l.parcelsUp}" data-role="pickup" style="width:4em"></label></div></div>`;
        })
        .join('');
      return `<section class="card drv-stop" data-testid="drv-stop"><div><b>${s.seq}. ${esc(s.station)}</b> <span class="hint">${esc(s.township)} · ${esc(s.arrival)}</span></div>${rows}</section>`;
    })
    .join('');
  const main = document.getElementById('drv-stops')!;
  main.innerHTML = html || `<div class="empty">—</div>`;
  main.querySelectorAll<HTMLElement>('.drv-line').forEach((div) => {
    const line = lines.find((l) => keyOf(l) === div.dataset.key)!;
    const pickup = () =>
      Math.max(0, Math.round(Number(div.querySelector<HTMLInputElement>('[data-role=pickup]')!.value) || 0));
    div.querySelector<HTMLButtonElement>('[data-act=ok]')!.onclick = () => record(line, true, '', pickup());
    div.querySelector<HTMLButtonElement>('[data-act=fail]')!.onclick = () =>
      record(
        line,
        false,
        t(`ops.driver.reason.${div.querySelector<HTMLSelectElement>('[data-role=reason]')!.value}`),
        pickup(),
      );
  });
  status();
}

async function boot(): Promise<void> {
  applyStatic();
  document.title = t('ops.driver.title');
  document.getElementById('drv-vehicle')!.textContent = vehicle;
  document.getElementById('drv-lang')!.onclick = () => {
    setLang(getLang() === 'zh' ? 'en' : 'zh');
    document.getElementById('drv-lang')!.textContent = getLang() === 'zh' ? 'EN' : '中文';
    draw();
  };
  // The stops are kept too, so the page opens without a network once it has loaded.
  const cacheKey = `gongpei.driver.lines.${dispatchId}.${vehicle}`;
  try {
    const res = await fetch(`/api/dispatches/${encodeURIComponent(dispatchId)}`);
    const data = await res.json();
    if (!res.ok) throw new Error(data?.error?.message ?? String(res.status));
    lines = (data.lines as Line[])
      .filter((l) => l.vehicle === vehicle)
      .sort((a, b) => a.trip - b.trip || a.seq - b.seq);
    localStorage.setItem(cacheKey, JSON.stringify(lines));
  } catch (err) {
    lines = readJson<Line[]>(cacheKey, []);
    if (lines.length === 0) showError((err as Error).message);
  }
  draw();
  void flush();
}

window.addEventListener('online', () => void flush());
setInterval(() => void flush(), 10_000);
void boot();
