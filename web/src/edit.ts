/**
 * Workbench editing on the map: right-click empty map → add a station, hub candidate or hub there;
 * right-click a place (or "Edit" in its popup) → attributes form, move by dragging, delete. Every edit is
 * one POST /api/scenarios/:id/edits: the server validates it like an import and records a new version;
 * a rejected edit shows the server's `places.csv:row:field` message and changes nothing.
 */
import * as L from 'leaflet';
import { api, getToken } from './api.ts';
import { t } from './i18n.ts';
import type { CountyMap } from './map.ts';
import { state, emit, esc } from './state.ts';
import type { PlaceProps, ScenarioDetail, ScenarioGeo } from './types.ts';

export interface VersionView {
  version: number;
  createdAt: string;
  author: string;
  kind: string;
  summary: string[];
  plans: string[];
}

const AUTHOR_KEY = 'gongpei.author';
export function getAuthor(): string {
  try {
    return localStorage.getItem(AUTHOR_KEY) ?? '';
  } catch {
    return '';
  }
}
/**
 * The author name to send with an edit or revert: none with a token (the server signs the version with the
 * token's name and refuses another one); the typed name on an open server.
 */
export function claimedAuthor(): string {
  return getToken() ? '' : getAuthor();
}
export function setAuthor(name: string): void {
  try {
    localStorage.setItem(AUTHOR_KEY, name);
  } catch {
    /* ignore */
  }
}

/** Re-read the current scenario after an edit, keeping the view (no refit) and the plan on screen. */
export async function refreshScenario(): Promise<void> {
  const id = state.scenarioId;
  if (!id) return;
  const [detail, geo] = await Promise.all([
    api.get<ScenarioDetail>(`/api/scenarios/${encodeURIComponent(id)}`),
    api.get<ScenarioGeo>(`/api/scenarios/${encodeURIComponent(id)}/geojson`),
  ]);
  state.scenario = detail;
  state.geo = geo;
  emit('scenario');
  document.dispatchEvent(new CustomEvent('gongpei:versions'));
}

/** Send edits as one version; resolves with the version or throws the server's message. */
export async function submitEdits(
  edits: unknown[],
  extra: { kind?: string; message?: string } = {},
): Promise<VersionView> {
  const id = state.scenarioId!;
  const author = claimedAuthor();
  const v = await api.post<VersionView>(`/api/scenarios/${encodeURIComponent(id)}/edits`, {
    edits,
    ...(author ? { author } : {}),
    ...extra,
  });
  await refreshScenario();
  toast(t('edit.saved', { version: v.version }));
  return v;
}

/** A refused edit: a localised lead line, then the server's `file:row:field: message` lines. */
export function rejectedText(err: Error & { code?: string }): string {
  if (err.code !== 'invalid_edit') return err.message;
  return `${t('edit.rejected')}\n${err.message.split('\n').slice(1).join('\n')}`;
}

export function toast(text: string, error = false): void {
  let box = document.getElementById('toast');
  if (!box) {
    box = document.createElement('div');
    box.id = 'toast';
    box.dataset.testid = 'toast';
    document.body.append(box);
  }
  box.className = error ? 'toast error' : 'toast';
  box.textContent = text;
  box.hidden = false;
  clearTimeout(Number(box.dataset.timer));
  box.dataset.timer = String(setTimeout(() => (box!.hidden = true), error ? 9000 : 4000));
}

function placeById(id: string): PlaceProps | null {
  const f = state.geo?.features.find((x) => x.properties.layer === 'place' && x.properties.id === id);
  return f ? (f.properties as unknown as PlaceProps) : null;
}

function lonLatOf(id: string): [number, number] | null {
  const f = state.geo?.features.find((x) => x.properties.layer === 'place' && x.properties.id === id);
  return f ? (f.geometry.coordinates as [number, number]) : null;
}

/** Runs an edit from a popup form: errors stay in the popup, success closes it. */
async function run(popup: L.Popup, edits: unknown[]): Promise<void> {
  const box = popup.getElement()?.querySelector<HTMLElement>('.edit-error');
  try {
    await submitEdits(edits);
    popup.remove();
  } catch (err) {
    const text = rejectedText(err as Error);
    if (box) {
      box.hidden = false;
      box.textContent = text;
    } else toast(text, true);
  }
}

export function installEditing(map: CountyMap): void {
  map.onMapContext = (at, [lon, lat]) => {
    const html = `<div class="edit-menu" data-testid="context-menu">
      <div class="popup-title">${t('edit.addHere')}</div>
      <div class="hint">${lon.toFixed(5)}, ${lat.toFixed(5)}</div>
      <label class="edit-field">${t('edit.name')}<input name="name" data-testid="add-name" placeholder="${esc(t('edit.namePlaceholder'))}"></label>
      <div class="menu-buttons">
        <button class="btn btn-sm" data-add="village" data-testid="add-station">＋ ${t('edit.addStation')}</button>
        <button class="btn btn-sm" data-add="hub_candidate" data-testid="add-candidate">＋ ${t('edit.addCandidate')}</button>
        <button class="btn btn-sm" data-add="hub" data-testid="add-hub">＋ ${t('edit.addHub')}</button>
      </div>
      <div class="error-box edit-error" data-testid="edit-error" hidden></div></div>`;
    const popup = L.popup({ maxWidth: 300, className: 'edit-popup' }).setLatLng(at).setContent(html).openOn(map.map);
    const el = popup.getElement()!;
    el.querySelectorAll<HTMLButtonElement>('[data-add]').forEach((b) => {
      b.onclick = () => {
        const name = el.querySelector<HTMLInputElement>('input[name=name]')!.value.trim();
        void run(popup, [
          { op: 'add', kind: b.dataset.add, lon: round6(lon), lat: round6(lat), ...(name ? { name } : {}) },
        ]);
      };
    });
  };
  map.onPlaceContext = (p, at) => openEditForm(map, p, at);
  // "Edit" button of the information popup.
  map.map.getContainer().addEventListener('click', (e) => {
    const btn = (e.target as HTMLElement).closest<HTMLElement>('[data-edit-place]');
    if (!btn) return;
    const p = placeById(btn.dataset.editPlace!);
    const c = lonLatOf(btn.dataset.editPlace!);
    if (p && c) openEditForm(map, p, L.latLng(map.ll(c[0], c[1]) as L.LatLngTuple));
  });
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

function openEditForm(map: CountyMap, p: PlaceProps, at: L.LatLng): void {
  const village = p.kind === 'village';
  const hubLike = p.kind === 'hub' || p.kind === 'hub_candidate';
  const limitOptions = ['', '0', '1', '2', '3', '7']
    .map(
      (v) =>
        `<option value="${v}" ${v !== '' && Number(v) === p.serviceLimitDays ? 'selected' : ''}>${v === '' ? t('edit.limitDefault') : v === '0' ? t('pop.sameDay') : t('pop.days', { n: v })}</option>`,
    )
    .join('');
  const html = `<div class="edit-menu" data-testid="edit-form" data-place="${esc(p.id)}">
    <div class="popup-title">${esc(p.name)} <span class="hint">${esc(p.id)} · ${t(`edit.kind.${p.kind}`)}</span></div>
    <div class="edit-grid">
      <label class="edit-field">${t('edit.name')}<input name="name" value="${esc(p.name)}"></label>
      ${
        village
          ? `<label class="edit-field">${t('pop.population')}<input name="population" type="number" step="1" value="${p.population ?? ''}" data-testid="edit-population"></label>
      <label class="edit-field">${t('pop.limit')}<select name="limit">${limitOptions}</select></label>
      <label class="edit-check"><input name="hasStation" type="checkbox" ${p.hasStation ? 'checked' : ''} data-testid="edit-has-station"> ${t('pop.station')}</label>
      <label class="edit-check"><input name="poverty" type="checkbox" ${p.poverty ? 'checked' : ''}> ${t('pop.poverty')}</label>`
          : ''
      }
      ${hubLike ? `<label class="edit-field">${t('edit.role')}<select name="kind"><option value="hub" ${p.kind === 'hub' ? 'selected' : ''}>${t('edit.kind.hub')}</option><option value="hub_candidate" ${p.kind === 'hub_candidate' ? 'selected' : ''}>${t('edit.kind.hub_candidate')}</option></select></label>` : ''}
    </div>
    <div class="menu-buttons">
      <button class="btn btn-sm btn-primary" data-act="save" data-testid="edit-save">${t('edit.save')}</button>
      <button class="btn btn-sm" data-act="move" data-testid="edit-move">✥ ${t('edit.move')}</button>
      ${p.kind !== 'warehouse' ? `<button class="btn btn-sm btn-danger" data-act="delete" data-testid="edit-delete">${t('edit.delete')}</button>` : ''}
    </div>
    <div class="error-box edit-error" data-testid="edit-error" hidden></div></div>`;
  const popup = L.popup({ maxWidth: 340, className: 'edit-popup' }).setLatLng(at).setContent(html).openOn(map.map);
  const el = popup.getElement()!;
  const val = (name: string) => el.querySelector<HTMLInputElement>(`[name=${name}]`);
  el.querySelector<HTMLButtonElement>('[data-act=save]')!.onclick = () => {
    const set: Record<string, unknown> = { op: 'set', id: p.id };
    const name = val('name')!.value.trim();
    if (name && name !== p.name) set.name = name;
    if (village) {
      const pop = val('population')!.value.trim();
      const population = pop === '' ? null : Number(pop);
      if (population !== p.population) set.population = population;
      if (val('hasStation')!.checked !== p.hasStation) set.hasStation = val('hasStation')!.checked;
      if (val('poverty')!.checked !== p.poverty) set.poverty = val('poverty')!.checked;
      const limit = el.querySelector<HTMLSelectElement>('[name=limit]')!.value;
      const limitValue = limit === '' ? null : Number(limit);
      if (limitValue !== null && limitValue !== p.serviceLimitDays) set.serviceLimitDays = limitValue;
      if (
        limitValue === null &&
        limit === '' &&
        p.serviceLimitDays !== state.scenario?.county.defaults.serviceLimitDays
      )
        set.serviceLimitDays = null;
    }
    if (hubLike) {
      const kind = el.querySelector<HTMLSelectElement>('[name=kind]')!.value;
      if (kind !== p.kind) set.kind = kind;
    }
    if (Object.keys(set).length === 2) {
      popup.remove();
      return;
    }
    void run(popup, [set]);
  };
  el.querySelector<HTMLButtonElement>('[data-act=move]')!.onclick = () => {
    popup.remove();
    startMove(map, p);
  };
  const del = el.querySelector<HTMLButtonElement>('[data-act=delete]');
  if (del)
    del.onclick = () => {
      if (!confirm(t('edit.confirmDelete', { name: p.name }))) return;
      void run(popup, [{ op: 'delete', id: p.id }]);
    };
}

/** A draggable handle on the place; dropping it sends the move (Esc or the cancel button aborts). */
function startMove(map: CountyMap, p: PlaceProps): void {
  const c = lonLatOf(p.id);
  if (!c) return;
  const handle = L.marker(map.ll(c[0], c[1]), {
    draggable: true,
    autoPan: true,
    zIndexOffset: 2000,
    icon: L.divIcon({
      className: '',
      html: '<div class="move-handle" data-testid="move-handle">✥</div>',
      iconSize: [30, 30],
      iconAnchor: [15, 15],
    }),
  }).addTo(map.map);
  const banner = document.createElement('div');
  banner.className = 'map-overlay move-banner';
  banner.dataset.testid = 'move-banner';
  banner.innerHTML = `${esc(t('edit.dragHint', { name: p.name }))} <button class="btn btn-sm">${t('edit.cancel')}</button>`;
  map.map.getContainer().parentElement!.append(banner);
  const finish = () => {
    handle.remove();
    banner.remove();
    document.removeEventListener('keydown', onKey);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') finish();
  };
  document.addEventListener('keydown', onKey);
  banner.querySelector('button')!.onclick = finish;
  handle.on('dragend', async () => {
    const [lon, lat] = map.toWgs(handle.getLatLng());
    finish();
    try {
      await submitEdits([{ op: 'move', id: p.id, lon: round6(lon), lat: round6(lat) }]);
    } catch (err) {
      toast(rejectedText(err as Error), true);
    }
  });
}
