/**
 * Day picker of a horizon plan (Routes panel): the plan stores the routes of every day of its horizon
 * (horizon.perDay[].routes); picking day K shows that day's routes, KPIs and unassigned stations on the map.
 */
import { api } from '../api.ts';
import { t } from '../i18n.ts';
import { emit, state } from '../state.ts';
import type { PlanKpis, RoutesGeo, StoredPlanView } from '../types.ts';

/** The plan as stored (the picker replaces state.plan by a view of one day of it). */
let base: StoredPlanView | null = null;

function stored(plan: StoredPlanView): StoredPlanView {
  if (!base || base.id !== plan.id) base = plan;
  return base;
}

export function horizonDayPickerHtml(plan: StoredPlanView): string {
  const b = stored(plan);
  const perDay = b.horizon?.perDay;
  if (!b.horizon || !perDay?.some((d) => d.routes)) return '';
  const options = Array.from({ length: b.horizon.days }, (_, k) => k + 1)
    .map(
      (d) =>
        `<option value="${d}" ${d === plan.day ? 'selected' : ''}>${t('routes.horizonDay', { day: d, n: perDay.find((x) => x.day === d)?.routes?.length ?? 0 })}</option>`,
    )
    .join('');
  return `<label class="hint">${t('routes.dayPicker')} <select id="routes-day" data-testid="routes-day">${options}</select></label>`;
}

export function bindHorizonDayPicker(root: HTMLElement): void {
  const sel = root.querySelector<HTMLSelectElement>('#routes-day');
  if (sel) sel.onchange = () => void showHorizonDay(Number(sel.value));
}

export async function showHorizonDay(day: number): Promise<void> {
  if (!state.plan) return;
  const b = stored(state.plan);
  const pd = b.horizon?.perDay?.find((d) => d.day === day);
  const routesGeo = await api
    .get<RoutesGeo>(`/api/plans/${encodeURIComponent(b.id)}/routes.geojson?day=${day}`)
    .catch(() => null);
  const none = Object.fromEntries(Object.keys(b.kpis).map((k) => [k, 0])) as unknown as PlanKpis;
  state.plan = { ...b, day, routes: pd?.routes ?? [], unassigned: pd?.unassigned ?? [], kpis: pd?.kpis ?? none };
  state.routesGeo = routesGeo;
  state.selectedRoute = null;
  state.day = day;
  emit('plan');
}
