/**
 * The county map: Leaflet with one canvas renderer (preferCanvas) so thousands of stations stay smooth.
 * Layers (bottom → top): township zones (Voronoi of the seats), roads, routes, villages/stations, hub
 * candidates, depots, stop numbers of the selected route. No basemap by default (fully offline).
 */
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { Delaunay } from 'd3-delaunay';
import { t, fmtNumber, getLang } from './i18n.ts';
import { gcj02ToWgs84, wgs84ToGcj02 } from './gcj02.ts';
import { state, routeColor, esc, emit, type HubState } from './state.ts';
import type { GeoFeature, PlaceProps, PlanRoute } from './types.ts';

export type BasemapKind = 'none' | 'osm' | 'tianditu' | 'amap' | 'custom';
export interface BasemapSettings {
  kind: BasemapKind;
  tiandituKey: string;
  customUrl: string;
  customGcj: boolean;
}

const ZONE_FILLS = ['#e0f2fe', '#dcfce7', '#fef9c3', '#fce7f3', '#ede9fe', '#ffedd5'];
const ROAD_STYLE: Record<string, { color: string; weight: number }> = {
  motorway: { color: '#f59e0b', weight: 3 },
  trunk: { color: '#f59e0b', weight: 2.6 },
  primary: { color: '#fbbf24', weight: 2.2 },
  secondary: { color: '#a8a29e', weight: 1.8 },
  tertiary: { color: '#b8b2ac', weight: 1.4 },
};
const ROAD_DEFAULT = { color: '#cbc5bf', weight: 0.9 };

interface StationVisit {
  route: number;
  seq: number;
  arrival: string;
  vehicle: string;
  /** A cold van's visit (the station's cold-chain items). */
  cold?: boolean;
  /** Parcels handed over from a passenger bus (route = -1). */
  bus?: boolean;
}

/** Bus legs' own style: teal, short dashes (vans are solid, trunks long dashes). */
const BUS_STYLE = { color: '#0e7490', dashArray: '2 7', weight: 3 };

export class CountyMap {
  readonly map: L.Map;
  private readonly renderer: L.Canvas;
  private tiles: L.TileLayer[] = [];
  private gcj = false;
  private readonly zones = L.layerGroup();
  private readonly roads = L.layerGroup();
  private readonly routes = L.layerGroup();
  /** FeatureGroup: one delegated click/hover handler for all station markers (no per-marker bindings). */
  private readonly places = L.featureGroup();
  private readonly hoverTip = L.tooltip({ direction: 'top', offset: [0, -4] });
  private readonly candidates = L.layerGroup();
  private readonly depots = L.layerGroup();
  private readonly stopLabels = L.layerGroup();
  private readonly labels = L.layerGroup();
  /** Workbench drawings (hub proposal, plan comparison, sited stations), by name; drawn above the routes. */
  private readonly overlays = new Map<string, L.LayerGroup>();
  /** Imported township boundaries (GeoJSON MultiPolygons, WGS-84); null → Voronoi zones, labelled as such. */
  private boundaries: {
    features: Array<{ properties: { id: string; name: string }; geometry: { coordinates: [number, number][][][] } }>;
  } | null = null;
  private tileErrors = 0;
  private tileLoads = 0;
  /** Set when a place's own context menu handled a right-click (the map's must not open too). */
  private placeContextAt = 0;
  /** Right-click on empty map / on a place (workbench editing, see ./edit.ts). */
  onMapContext: ((at: L.LatLng, lonLat: [number, number]) => void) | null = null;
  onPlaceContext: ((place: PlaceProps, at: L.LatLng) => void) | null = null;
  private visits = new Map<string, StationVisit[]>();
  private unassigned = new Map<string, string>();
  private visitDays = new Map<string, number[]>();
  private fitted = false;
  onCandidateClick: ((id: string) => void) | null = null;

  constructor(el: HTMLElement) {
    this.renderer = L.canvas({ padding: 0.3, tolerance: 4 });
    this.map = L.map(el, {
      preferCanvas: true,
      renderer: this.renderer,
      zoomControl: true,
      attributionControl: true,
      minZoom: 5,
      maxZoom: 18,
    });
    this.map.attributionControl.setPrefix('Leaflet');
    // Test hooks (test/web/e2e/browser.ts mapClick): data-map-idle is "1" once the map has stopped moving and
    // zooming, and el.gongpeiProject gives a place's container pixel, so browser tests click real positions.
    const idle = (v: '0' | '1') => () => (el.dataset.mapIdle = v);
    this.map.on('movestart zoomstart', idle('0'));
    this.map.on('moveend zoomend', idle('1'));
    (el as HTMLElement & { gongpeiProject?: unknown }).gongpeiProject = (lat: number, lon: number) => {
      const pt = this.map.latLngToContainerPoint([lat, lon]);
      return { x: pt.x, y: pt.y };
    };
    this.map.setView([36.3, 115.15], 10);
    for (const layer of [
      this.zones,
      this.roads,
      this.routes,
      this.places,
      this.candidates,
      this.depots,
      this.stopLabels,
      this.labels,
    ])
      layer.addTo(this.map);
    this.map.on('zoomend', () => this.updateLabelVisibility());
    this.places.on('click', (e: L.LeafletMouseEvent) => {
      const p = (e.layer as L.Layer & { place?: PlaceProps }).place;
      if (p) L.popup({ maxWidth: 320 }).setLatLng(e.latlng).setContent(this.popupHtml(p)).openOn(this.map);
    });
    this.places.on('mouseover', (e: L.LeafletMouseEvent) => {
      const layer = e.layer as L.CircleMarker & { place?: PlaceProps };
      if (layer.place)
        this.hoverTip.setLatLng(layer.getLatLng()).setContent(this.tooltipText(layer.place)).addTo(this.map);
    });
    this.places.on('mouseout', () => this.hoverTip.remove());
    this.places.on('contextmenu', (e: L.LeafletMouseEvent) => {
      const p = (e.layer as L.Layer & { place?: PlaceProps }).place;
      if (p) this.placeContext(p, e);
    });
    this.map.on('contextmenu', (e: L.LeafletMouseEvent) => {
      if (Date.now() - this.placeContextAt < 300) return;
      this.onMapContext?.(e.latlng, this.toWgs(e.latlng));
    });
    this.addControls();
  }

  private placeContext(p: PlaceProps, e: L.LeafletMouseEvent): void {
    this.placeContextAt = Date.now();
    L.DomEvent.stop(e);
    this.onPlaceContext?.(p, e.latlng);
  }

  /** Fit-county and PNG-export buttons under the zoom control. */
  private addControls(): void {
    const Buttons = L.Control.extend({
      onAdd: () => {
        const bar = L.DomUtil.create('div', 'leaflet-bar map-tools');
        const button = (html: string, testid: string, titleKey: string, fn: () => void) => {
          const a = L.DomUtil.create('a', '', bar) as HTMLAnchorElement;
          a.href = '#';
          a.innerHTML = html;
          a.dataset.testid = testid;
          a.dataset.i18nTitle = titleKey;
          a.title = t(titleKey);
          L.DomEvent.on(a, 'click', (ev) => {
            L.DomEvent.stop(ev);
            fn();
          });
        };
        // Inline SVG icons: glyphs such as ⎙ are missing from many system fonts.
        const svg = (d: string) =>
          `<svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="#334155" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" style="vertical-align:-3px">${d}</svg>`;
        button(svg('<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/>'), 'fit-county', 'map.fitCounty', () =>
          this.fitCounty(),
        );
        button(
          svg('<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>'),
          'export-png',
          'map.exportPng',
          () => void this.exportPng(),
        );
        L.DomEvent.disableClickPropagation(bar);
        return bar;
      },
    });
    new Buttons({ position: 'topleft' }).addTo(this.map);
  }

  /** Map position → WGS-84 [lon, lat] (undoing the GCJ-02 shift of a GCJ-02 basemap). */
  toWgs(at: L.LatLng): [number, number] {
    return this.gcj ? gcj02ToWgs84(at.lng, at.lat) : [at.lng, at.lat];
  }

  /** A named overlay group (created on first use), cleared. */
  overlay(name: string): L.LayerGroup {
    let g = this.overlays.get(name);
    if (!g) {
      g = L.layerGroup().addTo(this.map);
      this.overlays.set(name, g);
    }
    g.clearLayers();
    return g;
  }

  get renderCanvas(): L.Canvas {
    return this.renderer;
  }

  fitCounty(): void {
    const bbox = state.geo?.bbox;
    if (!bbox) return;
    const [minLon, minLat, maxLon, maxLat] = bbox;
    this.map.fitBounds(
      L.latLngBounds(this.ll(minLon, minLat) as L.LatLngTuple, this.ll(maxLon, maxLat) as L.LatLngTuple),
      { padding: [20, 20], animate: false },
    );
  }

  /**
   * The map as a PNG for reports: tiles (when their server allows it), the vector canvas, depot markers,
   * a title and the scale. Leaflet draws vectors on one canvas, so compositing is exact.
   */
  async exportPng(download = true): Promise<string> {
    const el = this.map.getContainer();
    let url: string;
    let withTiles = true;
    try {
      url = this.composeMap(true).toDataURL('image/png');
    } catch {
      // Tiles of a server without CORS headers taint the canvas: export the vector map alone.
      withTiles = false;
      url = this.composeMap(false).toDataURL('image/png');
    }
    el.dataset.exportTiles = String(withTiles);
    if (download) {
      const a = document.createElement('a');
      a.href = url;
      a.download = `gongpei-${state.scenarioId ?? 'map'}-${Date.now()}.png`;
      document.body.append(a);
      a.click();
      a.remove();
    }
    return url;
  }

  private composeMap(withTiles: boolean): HTMLCanvasElement {
    const el = this.map.getContainer();
    const box = el.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const out = document.createElement('canvas');
    out.width = Math.round(box.width * ratio);
    out.height = Math.round(box.height * ratio);
    const ctx = out.getContext('2d')!;
    ctx.scale(ratio, ratio);
    ctx.fillStyle = '#eef2f3';
    ctx.fillRect(0, 0, box.width, box.height);
    const at = (node: Element) => {
      const r = node.getBoundingClientRect();
      return [r.left - box.left, r.top - box.top, r.width, r.height] as const;
    };
    if (withTiles) {
      for (const img of el.querySelectorAll<HTMLImageElement>('.leaflet-tile-pane img.leaflet-tile-loaded')) {
        const [x, y, w, h] = at(img);
        ctx.drawImage(img, x, y, w, h);
      }
    }
    for (const canvas of el.querySelectorAll<HTMLCanvasElement>('.leaflet-overlay-pane canvas')) {
      const [x, y, w, h] = at(canvas);
      ctx.drawImage(canvas, x, y, w, h);
    }
    for (const icon of el.querySelectorAll<HTMLElement>('.leaflet-marker-pane .depot-icon')) {
      const [x, y, w, h] = at(icon);
      ctx.fillStyle = getComputedStyle(icon).backgroundColor;
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(x + w / 2, y + h / 2, w / 2, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.fillStyle = '#fff';
      ctx.font = 'bold 11px sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(icon.textContent ?? '', x + w / 2, y + h / 2 + 0.5);
    }
    const title = `${state.scenario?.county.name ?? ''}${state.plan ? ` · ${t('plan.day')} ${state.plan.day} · ${state.plan.routes.length} ${t('map.routes')}` : ''}`;
    ctx.fillStyle = 'rgba(255,255,255,.92)';
    ctx.fillRect(10, 10, Math.min(box.width - 20, 16 + title.length * 14), 30);
    ctx.fillStyle = '#1f2937';
    ctx.font = '600 15px sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(title, 18, 25.5);
    ctx.font = '11px sans-serif';
    ctx.fillStyle = '#475569';
    ctx.fillText(
      `共配 Gongpei · ${new Date().toISOString().slice(0, 10)}${state.geo?.synthetic.length ? ` · ${t('top.synthetic')}` : ''}`,
      12,
      box.height - 12,
    );
    return out;
  }

  /** WGS-84 → what the current basemap expects. */
  ll(lon: number, lat: number): L.LatLngExpression {
    if (this.gcj) {
      const [x, y] = wgs84ToGcj02(lon, lat);
      return [y, x];
    }
    return [lat, lon];
  }

  setBasemap(s: BasemapSettings): void {
    for (const tl of this.tiles) tl.remove();
    this.tiles = [];
    let gcj = false;
    this.tileErrors = 0;
    this.tileLoads = 0;
    this.showTileError(false);
    const add = (url: string, opts: L.TileLayerOptions) => {
      const layer = L.tileLayer(url, { maxZoom: 18, ...opts });
      // Offline, blocked or a bad key: every tile fails. Say so once instead of a grey map.
      layer.on('tileerror', () => {
        this.tileErrors += 1;
        if (this.tileErrors >= 4 && this.tileLoads === 0) this.showTileError(true);
      });
      layer.on('tileload', () => {
        this.tileLoads += 1;
        this.showTileError(false);
      });
      layer.addTo(this.map);
      layer.bringToBack();
      this.tiles.push(layer);
    };
    if (s.kind === 'osm') {
      add('https://tile.openstreetmap.org/{z}/{x}/{y}.png', { attribution: '© OpenStreetMap contributors' });
    } else if (s.kind === 'tianditu' && s.tiandituKey) {
      // Tianditu uses CGCS2000, which matches WGS-84 to well under a metre at map scale: no shift.
      const wmts = (layer: string) =>
        `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(s.tiandituKey)}`;
      add(wmts('vec'), { subdomains: '01234567', attribution: '© 天地图 Tianditu' });
      add(wmts('cva'), { subdomains: '01234567' });
    } else if (s.kind === 'amap') {
      add('https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}', {
        subdomains: '1234',
        attribution: '© 高德 AMap',
      });
      gcj = true;
    } else if (s.kind === 'custom' && s.customUrl) {
      add(s.customUrl, { attribution: 'custom tiles' });
      gcj = s.customGcj;
    }
    this.map.getContainer().classList.toggle('has-tiles', this.tiles.length > 0);
    if (gcj !== this.gcj) {
      this.gcj = gcj;
      this.renderAll();
    }
  }

  private showTileError(on: boolean): void {
    let box = this.map.getContainer().parentElement?.querySelector<HTMLElement>('.tile-error');
    if (!box && on) {
      box = document.createElement('div');
      box.className = 'map-overlay tile-error';
      box.dataset.testid = 'tile-error';
      this.map.getContainer().parentElement?.append(box);
    }
    if (!box) return;
    box.hidden = !on;
    if (on) {
      box.innerHTML = `<b>${esc(t('map.tilesFailed'))}</b><div class="hint">${esc(t('map.tilesFailedHint'))}</div><button class="btn btn-sm" data-testid="tiles-offline">${esc(t('map.tilesOffline'))}</button>`;
      box.querySelector('button')!.addEventListener('click', () => this.onTilesOffline?.());
    }
  }

  /** The "use the offline map" button of the tile error message. */
  onTilesOffline: (() => void) | null = null;

  renderAll(): void {
    this.renderScenario();
    this.renderPlan();
  }

  private placeFeatures(): Array<GeoFeature & { properties: PlaceProps }> {
    return (state.geo?.features ?? []).filter((f) => f.properties.layer === 'place') as Array<
      GeoFeature & { properties: PlaceProps }
    >;
  }

  renderScenario(): void {
    this.zones.clearLayers();
    this.roads.clearLayers();
    this.labels.clearLayers();
    const geo = state.geo;
    if (!geo) return;
    const [minLon, minLat, maxLon, maxLat] = geo.bbox;
    const padLon = (maxLon - minLon) * 0.04 + 0.01;
    const padLat = (maxLat - minLat) * 0.04 + 0.01;
    const seats = geo.features.filter((f) => f.properties.layer === 'township');
    if (this.boundaries) {
      this.boundaries.features.forEach((f, i) => {
        L.polygon(
          f.geometry.coordinates.map((poly) => poly.map((ring) => ring.map(([x, y]) => this.ll(x, y)))),
          {
            renderer: this.renderer,
            color: '#64748b',
            weight: 1.2,
            fillColor: ZONE_FILLS[i % ZONE_FILLS.length],
            fillOpacity: 0.35,
            interactive: false,
          },
        ).addTo(this.zones);
      });
    } else if (seats.length >= 2) {
      // Fallback: Voronoi cells of the seats within the (padded) extent of the places (the legend says so).
      const pts = seats.map((f) => f.geometry.coordinates as [number, number]);
      const voronoi = Delaunay.from(pts).voronoi([minLon - padLon, minLat - padLat, maxLon + padLon, maxLat + padLat]);
      seats.forEach((_f, i) => {
        const cell = voronoi.cellPolygon(i);
        if (!cell) return;
        L.polygon(
          cell.map(([x, y]) => this.ll(x, y)),
          {
            renderer: this.renderer,
            color: '#94a3b8',
            weight: 1,
            dashArray: '4 4',
            fillColor: ZONE_FILLS[i % ZONE_FILLS.length],
            fillOpacity: 0.35,
            interactive: false,
          },
        ).addTo(this.zones);
      });
    }
    for (const f of seats) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      L.tooltip({ permanent: true, direction: 'top', offset: [0, -9], className: 'township-label', interactive: false })
        .setLatLng(this.ll(lon, lat))
        .setContent(esc(f.properties.name))
        .addTo(this.labels);
    }
    for (const f of geo.features) {
      if (f.properties.layer !== 'road' || f.geometry.type !== 'LineString') continue;
      const style = ROAD_STYLE[String(f.properties.highway)] ?? ROAD_DEFAULT;
      L.polyline(
        f.geometry.coordinates.map(([x, y]) => this.ll(x, y)),
        { renderer: this.renderer, ...style, opacity: 0.9, interactive: false },
      ).addTo(this.roads);
    }
    this.renderPlaces();
    if (!this.fitted) {
      this.map.fitBounds(
        L.latLngBounds(this.ll(minLon, minLat) as L.LatLngTuple, this.ll(maxLon, maxLat) as L.LatLngTuple),
        { padding: [20, 20] },
      );
      this.fitted = true;
    }
    this.updateLabelVisibility();
  }

  setBoundaries(b: CountyMap['boundaries']): void {
    this.boundaries = b;
    this.map.getContainer().dataset.zones = b ? 'boundaries' : 'voronoi';
    this.renderScenario();
  }

  refit(): void {
    this.fitted = false;
  }

  private updateLabelVisibility(): void {
    const show = this.map.getZoom() >= 9;
    const has = this.map.hasLayer(this.labels);
    if (show && !has) this.labels.addTo(this.map);
    if (!show && has) this.labels.remove();
  }

  /** Stations, villages, candidates and depots; styled by coverage or by service status. */
  renderPlaces(): void {
    this.places.clearLayers();
    this.candidates.clearLayers();
    this.depots.clearLayers();
    const day = String(state.plan?.day ?? state.day);
    const planned = state.plan !== null;
    const style = state.stationStyle;
    const villages = this.placeFeatures();
    let stations = 0;
    // Villages without a station first so stations are drawn on top.
    villages.sort((a, b) => Number(a.properties.hasStation) - Number(b.properties.hasStation));
    for (const f of villages) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates as [number, number];
      if (p.kind === 'village') {
        const parcels = (p.parcelsDownByDay[day] ?? 0) + (p.parcelsUpByDay[day] ?? 0);
        const missing = state.highlightMissing && state.missingStations.has(p.id);
        let color = '#0d9488';
        let fill = '#14b8a6';
        let radius = p.hasStation ? Math.min(10, 3.5 + Math.sqrt(parcels) * 0.55) : 2.6;
        let weight = 1;
        if (!p.hasStation) {
          color = '#9ca3af';
          fill = '#d1d5db';
        }
        if (style === 'service' && p.hasStation) {
          if (parcels === 0) {
            color = '#94a3b8';
            fill = '#e2e8f0';
          } else if (!planned) {
            color = '#0d9488';
            fill = '#14b8a6';
          } else if (this.unassigned.has(p.id)) {
            color = '#991b1b';
            fill = '#ef4444';
            weight = 2;
          } else if (this.visits.has(p.id) || this.visitDays.has(p.id)) {
            color = '#166534';
            fill = '#22c55e';
          } else {
            color = '#92400e';
            fill = '#f59e0b';
          }
        }
        if (missing) {
          color = '#b91c1c';
          fill = '#fecaca';
          radius = 7;
          weight = 3;
        }
        if (p.hasStation) stations += 1;
        const marker = L.circleMarker(this.ll(lon, lat), {
          renderer: this.renderer,
          radius,
          color,
          weight,
          fillColor: fill,
          fillOpacity: 0.9,
        }) as L.CircleMarker & { place?: PlaceProps };
        marker.place = p;
        marker.addTo(this.places);
      } else if (p.kind === 'hub_candidate' || p.kind === 'hub') {
        const hubState: HubState = state.hubStates.get(p.id) ?? 'auto';
        const proposed = state.proposedHubs?.includes(p.id) ?? false;
        if (p.kind === 'hub_candidate') {
          const color =
            hubState === 'open' ? '#7e22ce' : hubState === 'closed' ? '#6b7280' : proposed ? '#7e22ce' : '#2563eb';
          const marker = L.circleMarker(this.ll(lon, lat), {
            renderer: this.renderer,
            radius: proposed ? 9 : 7,
            color,
            weight: 2.5,
            fillColor: proposed || hubState === 'open' ? '#e9d5ff' : '#fff',
            fillOpacity: 1,
            dashArray: hubState === 'closed' ? '3 3' : undefined,
          });
          marker.bindTooltip(`${esc(p.name)} · ${t('map.candidate')} · ${t(`hubs.state.${hubState}`)}`, {
            direction: 'top',
          });
          marker.on('click', () => this.onCandidateClick?.(p.id));
          marker.on('contextmenu', (e: L.LeafletMouseEvent) => this.placeContext(p, e));
          marker.addTo(this.candidates);
        } else {
          // An existing hub left out of the proposal (or banned) is drawn faded: "excluded" in the legend.
          const excluded = hubState === 'closed' || (state.proposedHubs !== null && !proposed);
          const cls = `depot-icon hub${proposed ? ' new' : ''}${excluded ? ' excluded' : ''}`;
          const icon = L.divIcon({
            className: '',
            html: `<div class="${cls}" style="width:22px;height:22px;${excluded ? 'opacity:.45' : ''}">H</div>`,
            iconSize: [22, 22],
            iconAnchor: [11, 11],
          });
          const marker = L.marker(this.ll(lon, lat), { icon, keyboard: false, riseOnHover: true });
          marker.bindTooltip(`${esc(p.name)} · ${t('map.hub')}`, { direction: 'top', offset: [0, -10] });
          marker.on('click', () => this.onCandidateClick?.(p.id));
          marker.on('contextmenu', (e: L.LeafletMouseEvent) => this.placeContext(p, e));
          marker.addTo(this.depots);
        }
      } else if (p.kind === 'warehouse') {
        const icon = L.divIcon({
          className: '',
          html: '<div class="depot-icon warehouse" style="width:26px;height:26px">仓</div>',
          iconSize: [26, 26],
          iconAnchor: [13, 13],
        });
        L.marker(this.ll(lon, lat), { icon, keyboard: false, zIndexOffset: 1000 })
          .bindTooltip(`${esc(p.name)} · ${t('map.warehouse')}`, { direction: 'top', offset: [0, -12] })
          .on('contextmenu', (e: L.LeafletMouseEvent) => this.placeContext(p, e))
          .addTo(this.depots);
      }
    }
    this.map.getContainer().dataset.stations = String(stations);
  }

  private tooltipText(p: PlaceProps): string {
    const v = this.visits.get(p.id)?.[0];
    return `${esc(p.name)}${v ? ` · ${esc(v.vehicle)} #${v.seq} · ${v.arrival}` : ''}`;
  }

  private popupHtml(p: PlaceProps): string {
    const day = String(state.plan?.day ?? state.day);
    const rows: Array<[string, string]> = [
      [t('pop.township'), esc(p.townshipName)],
      [t('pop.population'), p.population === null ? '—' : fmtNumber(p.population)],
      [t('pop.poverty'), p.poverty ? t('yes') : t('no')],
      [t('pop.station'), p.hasStation ? t('yes') : t('no')],
      [t('pop.limit'), p.serviceLimitDays === 0 ? t('pop.sameDay') : t('pop.days', { n: p.serviceLimitDays })],
    ];
    if (p.hasStation) {
      rows.push([t('pop.parcels', { day }), `↓${p.parcelsDownByDay[day] ?? 0} ↑${p.parcelsUpByDay[day] ?? 0}`]);
      if (p.carriers.length) rows.push([t('pop.carriers'), esc(p.carriers.join(', '))]);
    }
    // Every visit: a station served by an ambient and a cold van (or a bus) shows each one.
    for (const v of this.visits.get(p.id) ?? []) {
      rows.push([t('pop.arrival'), v.arrival]);
      rows.push([
        v.bus ? t('pop.bus') : t('pop.vehicle'),
        `${esc(v.vehicle)}${v.bus ? '' : ` / ${v.seq}`}${v.cold ? ` · ${t('pop.cold')}` : ''}`,
      ]);
    }
    const days = this.visitDays.get(p.id);
    if (days) rows.push([t('pop.visitDays'), days.join(', ')]);
    const un = this.unassigned.get(p.id);
    // Scenarios name the synthetic parts differently: 'places' (generator) or 'village_positions' / 'population' (Daming).
    const synthetic = state.geo?.synthetic ?? [];
    const syn =
      p.kind === 'village' && SYNTHETIC_PLACE_PARTS.some((part) => synthetic.includes(part))
        ? `<div class="hint" data-testid="popup-synthetic">${t('pop.synthetic')}</div>`
        : '';
    const edit = `<div class="actions"><button class="btn btn-sm" data-edit-place="${esc(p.id)}" data-testid="popup-edit">${t('edit.editPlace')}</button></div>`;
    return `<div class="popup-title">${esc(p.name)}</div><div class="popup-grid">${rows.map(([k, v2]) => `<span>${k}</span><span>${v2}</span>`).join('')}</div>${un ? `<div class="error-box">${esc(t('pop.unassigned', { reason: un }))}</div>` : ''}${syn}${edit}`;
  }

  /** Routes of the current plan (road geometry from routes.geojson when present, else straight legs). */
  renderPlan(): void {
    this.routes.clearLayers();
    this.stopLabels.clearLayers();
    this.visits.clear();
    this.unassigned.clear();
    this.visitDays.clear();
    const plan = state.plan;
    const el = this.map.getContainer();
    if (!plan) {
      el.dataset.routes = '0';
      this.renderPlaces();
      return;
    }
    const visit = (id: string, v: StationVisit) => this.visits.set(id, [...(this.visits.get(id) ?? []), v]);
    plan.routes.forEach((r, i) =>
      r.stops.forEach((s, k) =>
        visit(s.stationId, { route: i, seq: k + 1, arrival: s.arrival, vehicle: r.vehicle, cold: s.cold }),
      ),
    );
    for (const leg of plan.busLegs ?? [])
      leg.stops.forEach((s, k) =>
        visit(s.stationId, {
          route: -1,
          seq: k + 1,
          arrival: s.arrival,
          vehicle: `${leg.line} ${leg.departure}`,
          bus: true,
        }),
      );
    for (const u of plan.unassigned)
      this.unassigned.set(u.stationId, u.detail ? `${u.reason} — ${u.detail}` : u.reason);
    for (const s of plan.horizon?.stations ?? []) this.visitDays.set(s.stationId, s.visitDays);
    const coords = new Map<string, [number, number]>();
    for (const f of this.placeFeatures()) coords.set(f.properties.id, f.geometry.coordinates as [number, number]);
    const geomByIndex = new Map<number, [number, number][][]>();
    for (const f of state.routesGeo?.features ?? []) {
      if (f.geometry.type === 'Point') continue; // stop markers; the map draws its own
      const idx = Number(f.properties.index);
      const lines = f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates;
      geomByIndex.set(idx, lines);
    }
    const selected = state.selectedRoute;
    let drawn = 0;
    plan.routes.forEach((route, i) => {
      const color = routeColor(i);
      let lines = geomByIndex.get(i);
      if (!lines) lines = [straightLine(route, coords)];
      const dim = selected !== null && selected !== i;
      const weight = route.kind === 'trunk' ? 4 : selected === i ? 5 : 3;
      const line = L.polyline(
        lines.map((ln) => ln.map(([x, y]) => this.ll(x, y))),
        {
          renderer: this.renderer,
          color,
          weight,
          opacity: dim ? 0.15 : 0.88,
          dashArray: route.kind === 'trunk' ? '8 6' : undefined,
        },
      );
      line.bindTooltip(`${esc(route.vehicle)} · ${route.stops.length} · ${fmtNumber(route.km, 1)} km`, {
        sticky: true,
      });
      line.on('click', () => {
        state.selectedRoute = state.selectedRoute === i ? null : i;
        emit('selection');
      });
      line.addTo(this.routes);
      drawn += 1;
    });
    if (selected !== null && plan.routes[selected]) {
      plan.routes[selected].stops.forEach((s, k) => {
        const c = coords.get(s.stationId);
        if (!c) return;
        const icon = L.divIcon({
          className: '',
          html: `<div style="background:${routeColor(selected)};color:#fff;border-radius:9px;padding:0 5px;font-size:11px;font-weight:700;border:1.5px solid #fff;box-shadow:0 1px 3px rgba(0,0,0,.4)">${k + 1}</div>`,
          iconSize: [20, 16],
          iconAnchor: [-4, 18],
        });
        L.marker(this.ll(c[0], c[1]), { icon, interactive: false, keyboard: false }).addTo(this.stopLabels);
      });
    }
    this.drawBusLegs(coords);
    el.dataset.routes = String(drawn);
    this.renderPlaces();
  }

  /** Bus runs: warehouse → the run's bus stops (dashed teal), and a dotted hand-over line stop → station. */
  private drawBusLegs(coords: Map<string, [number, number]>): void {
    const start = this.placeFeatures().find((f) => f.properties.kind === 'warehouse')?.properties.id;
    for (const leg of state.plan?.busLegs ?? []) {
      const stopIds = [...new Set(leg.stops.map((s) => s.stopId))];
      const pts = [start, ...stopIds]
        .map((id) => (id ? coords.get(id) : undefined))
        .filter((c): c is [number, number] => c !== undefined);
      const line = L.polyline(
        pts.map(([x, y]) => this.ll(x, y)),
        { renderer: this.renderer, ...BUS_STYLE, opacity: 0.9 },
      );
      line.bindTooltip(
        `${esc(leg.line)} ${leg.departure} · ${leg.stops.reduce((a, s) => a + s.parcels, 0)} ${t('map.parcels')}`,
        { sticky: true },
      );
      line.addTo(this.routes);
      for (const s of leg.stops) {
        const a = coords.get(s.stopId);
        const b = coords.get(s.stationId);
        if (a && b)
          L.polyline([this.ll(a[0], a[1]), this.ll(b[0], b[1])], {
            renderer: this.renderer,
            color: BUS_STYLE.color,
            weight: 1.5,
            dashArray: '1 4',
          }).addTo(this.routes);
      }
    }
  }

  focusRoute(index: number | null): void {
    if (index === null || !state.plan) return;
    const route = state.plan.routes[index];
    if (!route) return;
    const pts: L.LatLngExpression[] = [];
    for (const f of this.placeFeatures()) {
      if (route.stops.some((s) => s.stationId === f.properties.id) || f.properties.id === route.depot) {
        const [x, y] = f.geometry.coordinates as [number, number];
        pts.push(this.ll(x, y));
      }
    }
    if (pts.length) this.map.fitBounds(L.latLngBounds(pts as L.LatLngTuple[]), { padding: [60, 60], maxZoom: 13 });
  }

  /** Fly to a place and open its popup (search box). */
  showPlace(id: string): boolean {
    const f = this.placeFeatures().find((x) => x.properties.id === id);
    if (!f) return false;
    const [x, y] = f.geometry.coordinates as [number, number];
    const at = L.latLng(this.ll(x, y) as L.LatLngTuple);
    this.map.setView(at, Math.max(this.map.getZoom(), 13), { animate: false });
    L.popup({ maxWidth: 320 }).setLatLng(at).setContent(this.popupHtml(f.properties)).openOn(this.map);
    return true;
  }

  focusPlaces(ids: Set<string>): void {
    const pts: L.LatLngTuple[] = [];
    for (const f of this.placeFeatures()) {
      if (ids.has(f.properties.id)) {
        const [x, y] = f.geometry.coordinates as [number, number];
        pts.push(this.ll(x, y) as L.LatLngTuple);
      }
    }
    if (pts.length) this.map.fitBounds(L.latLngBounds(pts), { padding: [60, 60], maxZoom: 12 });
  }

  legendHtml(): string {
    const style = state.stationStyle;
    const dot = (fill: string, border: string, label: string) =>
      `<div class="row"><span class="dot" style="background:${fill};box-shadow:0 0 0 1.5px ${border}"></span>${label}</div>`;
    const parts = [
      `<button class="legend-title" data-testid="legend-toggle" aria-expanded="true">${t('map.legend')} <span class="caret">▾</span></button>`,
      `<div class="row"><span class="sq" style="background:#7c2d12"></span>${t('map.warehouse')}</div>`,
      `<div class="row"><span class="dot" style="background:#1d4ed8"></span>${t('map.hub')}</div>`,
      dot('#fff', '#2563eb', t('map.candidate')),
    ];
    if (style === 'coverage') {
      parts.push(dot('#14b8a6', '#0d9488', t('map.station')), dot('#d1d5db', '#9ca3af', t('map.noStation')));
      if (state.highlightMissing) parts.push(dot('#fecaca', '#b91c1c', t('map.missing')));
    } else {
      parts.push(
        dot('#22c55e', '#166534', t('map.served')),
        dot('#f59e0b', '#92400e', t('map.late')),
        dot('#ef4444', '#991b1b', t('map.unassigned')),
        dot('#e2e8f0', '#94a3b8', t('map.noParcels')),
      );
    }
    if (state.proposedHubs) {
      parts.push(
        `<div class="row" data-testid="legend-proposed"><span class="dot" style="background:#7e22ce"></span>${t('map.proposedHub')}</div>`,
      );
      parts.push(
        `<div class="row" data-testid="legend-excluded"><span class="dot" style="background:#fff;box-shadow:0 0 0 1.5px #6b7280;opacity:.6"></span>${t('map.excludedHub')}</div>`,
      );
    }
    parts.push(`<div class="row"><span class="ln" style="background:#b8b2ac"></span>${t('map.road')}</div>`);
    parts.push(
      this.boundaries
        ? `<div class="row" data-testid="legend-zones"><span class="sq" style="background:#e0f2fe;box-shadow:0 0 0 1px #64748b"></span>${t('map.zonesReal')}</div>`
        : `<div class="row" data-testid="legend-zones"><span class="sq" style="background:#e0f2fe;border:1px dashed #94a3b8"></span>${t('map.zonesFallback')}</div>`,
    );
    if (state.plan)
      parts.push(
        `<div class="row"><span class="ln" style="background:linear-gradient(90deg,#e6194b,#3cb44b,#4363d8)"></span>${t('map.route')}</div>`,
      );
    if (state.plan?.busLegs?.length)
      parts.push(
        `<div class="row" data-testid="legend-bus"><span class="ln" style="background:repeating-linear-gradient(90deg,${BUS_STYLE.color} 0 2px,transparent 2px 7px)"></span>${t('map.busLeg')}</div>`,
      );
    parts.push(
      `<div class="legend-toggle"><button class="btn btn-sm ${style === 'coverage' ? 'btn-primary' : ''}" data-style="coverage" data-testid="style-coverage">${t('map.styleCoverage')}</button><button class="btn btn-sm ${style === 'service' ? 'btn-primary' : ''}" data-style="service" data-testid="style-service">${t('map.styleService')}</button></div>`,
    );
    void getLang();
    return parts.join('');
  }
}

const SYNTHETIC_PLACE_PARTS = ['places', 'village_positions', 'population'];

export function straightLine(route: PlanRoute, coords: Map<string, [number, number]>): [number, number][] {
  const ids = [
    route.depot,
    ...(route.kind === 'trunk' && route.hubs?.length ? route.hubs : route.stops.map((s) => s.stationId)),
    route.depot,
  ];
  return ids.map((id) => coords.get(id)).filter((c): c is [number, number] => c !== undefined);
}
