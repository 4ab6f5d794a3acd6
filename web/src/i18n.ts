/**
 * zh-CN by default, English on request; the choice is remembered in localStorage.
 * Static text carries data-i18n="key"; dynamic text calls t(key, vars).
 */
export type Lang = 'zh' | 'en';

const dict: Record<string, [zh: string, en: string]> = {
  'app.title': ['共配 · 县域共同配送规划', 'Gongpei · County shared delivery'],
  'app.subtitle': ['县仓 → 乡镇中转 → 村级服务站', 'County warehouse → township hubs → village stations'],
  'top.scenario': ['场景', 'Scenario'],
  'top.synthetic': ['合成数据 / synthetic data', 'synthetic data / 合成数据'],
  'top.estimated': ['无路网：直线估算', 'No roads: straight-line estimate'],
  'top.settings': ['设置', 'Settings'],
  'tab.plan': ['配送计划', 'Plan'],
  'tab.routes': ['线路', 'Routes'],
  'tab.hubs': ['中转站选址', 'Hubs'],
  'tab.coverage': ['覆盖考核', 'Coverage'],
  'tab.upstream': ['上行成本', 'Upstream'],
  'settings.title': ['设置', 'Settings'],
  'settings.basemap': ['底图', 'Basemap'],
  'settings.tdtKey': ['天地图密钥 tk', 'Tianditu key (tk)'],
  'settings.customUrl': ['瓦片 URL（{z}/{x}/{y}）', 'Tile URL ({z}/{x}/{y})'],
  'settings.gcj': ['瓦片使用 GCJ-02 坐标（国内火星坐标）', 'Tiles use GCJ-02 coordinates (Chinese offset)'],
  'settings.token': ['API 令牌（写操作）', 'API token (write requests)'],
  'settings.hint': ['默认不加载任何在线瓦片，地图完全离线可用。高德瓦片为 GCJ-02 坐标，本应用会把所有图层偏移到 GCJ-02 以对齐。', 'By default no online tiles are loaded: the map works fully offline. AMap tiles are in GCJ-02; the app shifts every layer to GCJ-02 to match them.'],
  'settings.close': ['完成', 'Done'],
  'import.title': ['导入场景（场景文件夹 zip 或其 CSV/GeoJSON 文件）', 'Import a scenario (zip of a scenario folder, or its CSV/GeoJSON files)'],
  'import.id': ['场景 ID', 'Scenario id'],
  'import.run': ['导入', 'Import'],
  'import.export': ['导出当前场景 zip', 'Export current scenario (zip)'],
  'import.ok': ['已导入：{id}', 'Imported: {id}'],
  'import.none': ['请选择文件', 'Choose files first'],
  'basemap.none': ['无底图（离线矢量）', 'None (offline vector)'],
  'basemap.osm': ['OpenStreetMap', 'OpenStreetMap'],
  'basemap.tianditu': ['天地图（需密钥）', 'Tianditu (key needed)'],
  'basemap.amap': ['高德（GCJ-02 偏移已校正）', 'AMap (GCJ-02 shift applied)'],
  'basemap.custom': ['自定义瓦片 URL', 'Custom tile URL'],

  'plan.settings': ['计划参数', 'Plan settings'],
  'plan.day': ['配送日', 'Day'],
  'plan.dayOption': ['第 {day} 天（{parcels} 件，{stations} 站）', 'Day {day} ({parcels} parcels, {stations} stations)'],
  'plan.mode.shared': ['共同配送', 'Shared'],
  'plan.mode.separate': ['各自配送', 'Separate'],
  'plan.mode.compare': ['共配 vs 各自', 'Shared vs separate'],
  'plan.horizon': ['周期计划（N 天时效）', 'Periodic plan (N-day limit)'],
  'plan.horizonDays': ['周期天数', 'Horizon days'],
  'plan.timeLimit': ['求解时间（秒）', 'Solve time (s)'],
  'plan.run': ['生成计划', 'Run plan'],
  'plan.cancel': ['取消', 'Cancel'],
  'plan.queued': ['排队中…', 'Queued…'],
  'plan.running': ['求解中 {pct}%', 'Solving {pct}%'],
  'plan.best': ['当前最优 ¥{cost}', 'best so far ¥{cost}'],
  'plan.done': ['完成', 'Done'],
  'plan.cancelled': ['已取消（未保存结果）', 'Cancelled (nothing saved)'],
  'plan.failed': ['失败：{error}', 'Failed: {error}'],
  'plan.kpis': ['关键指标', 'Key figures'],
  'plan.none': ['尚无计划。选择配送日后点击“生成计划”。', 'No plan yet. Pick a day and press “Run plan”.'],
  'plan.savings': ['共同配送节约', 'Savings of shared delivery'],
  'plan.perCarrier': ['各快递企业：单独配送 vs 共配分摊', 'Per carrier: alone vs allocated shared cost'],
  'plan.horizonResult': ['周期计划 vs 每日配送', 'Periodic plan vs daily visits'],
  'plan.unassigned': ['未安排站点（附原因）', 'Unassigned stations (with reason)'],
  'plan.previous': ['历史计划', 'Stored plans'],
  'plan.load': ['载入', 'Load'],
  'plan.checkOk': ['校验通过：所有约束满足', 'Checker: all constraints met'],
  'plan.checkBad': ['校验发现问题：{n} 项', 'Checker found {n} violation(s)'],
  'kpi.totalCost': ['总成本', 'Total cost'],
  'kpi.costPerParcel': ['单件成本', 'Cost per parcel'],
  'kpi.km': ['总里程', 'Distance'],
  'kpi.hours': ['总工时', 'Working hours'],
  'kpi.vehiclesUsed': ['用车数', 'Vehicles used'],
  'kpi.stationsServed': ['服务站点', 'Stations served'],
  'kpi.stationsUnassigned': ['未安排站点', 'Unassigned'],
  'kpi.serviceCompliance': ['时效达标率', 'Service compliance'],
  'kpi.parcels': ['下行/上行件数', 'Parcels down/up'],
  'chart.shared': ['共同配送', 'Shared'],
  'chart.separate': ['各自配送', 'Separate'],
  'chart.cost': ['成本 ¥', 'Cost ¥'],
  'chart.km': ['里程 km', 'Distance km'],
  'chart.vehicles': ['车辆', 'Vehicles'],
  'chart.periodic': ['周期计划', 'Periodic'],
  'chart.everyDay': ['每日配送', 'Every day'],

  'routes.none': ['先生成计划，线路将显示在这里。', 'Run a plan first; its routes appear here.'],
  'routes.vehicle': ['车辆', 'Vehicle'],
  'routes.depot': ['出发地', 'Depot'],
  'routes.stops': ['站数', 'Stops'],
  'routes.time': ['出发–返回', 'Out–back'],
  'routes.km': ['里程', 'km'],
  'routes.cost': ['成本', 'Cost'],
  'routes.print': ['打印路单', 'Print route sheets'],
  'routes.csv': ['导出 CSV', 'Export CSV'],
  'routes.geojson': ['导出 GeoJSON', 'Export GeoJSON'],
  'routes.trunk': ['干线', 'trunk'],
  'routes.seq': ['序', '#'],
  'routes.station': ['站点', 'Station'],
  'routes.township': ['乡镇', 'Township'],
  'routes.arrival': ['到达', 'Arrival'],
  'routes.down': ['下行', 'Down'],
  'routes.up': ['上行', 'Up'],
  'routes.loadAfter': ['车载', 'Load'],
  'routes.sheetTitle': ['配送路单 · {vehicle}', 'Route sheet · {vehicle}'],
  'routes.sheetMeta': ['{county} · 第 {day} 天 · 出发 {dep} · 返回 {ret} · {km} km', '{county} · day {day} · leaves {dep} · back {ret} · {km} km'],
  'routes.sign': ['司机签字：__________　　站点签收：__________', 'Driver: __________    Received by: __________'],
  'routes.receivedCol': ['签收', 'Signed'],
  'routes.showAll': ['显示全部线路', 'Show all routes'],

  'hubs.current': ['当前中转站', 'Current hubs'],
  'hubs.candidates': ['候选站址（点击切换：自动 / 必选 / 排除）', 'Candidates (click: auto / open / closed)'],
  'hubs.model': ['模型', 'Model'],
  'hubs.model.p-median': ['p-中位（p 个中转站）', 'p-median (p hubs)'],
  'hubs.model.set-cover': ['集合覆盖（T 分钟内）', 'Set cover (within T min)'],
  'hubs.model.capacitated': ['带容量选址（固定成本）', 'Capacitated (fixed costs)'],
  'hubs.p': ['中转站数 p', 'Hubs p'],
  'hubs.maxMinutes': ['最长时间 T（分钟）', 'Max minutes T'],
  'hubs.run': ['重新选址', 'Re-run location'],
  'hubs.result': ['选址结果 vs 当前布局', 'Result vs current layout'],
  'hubs.chosen': ['选中中转站', 'Chosen hubs'],
  'hubs.objective': ['目标值', 'Objective'],
  'hubs.gap': ['最优性间隙', 'Optimality gap'],
  'hubs.routingCost': ['重新规划的配送成本', 'Re-planned routing cost'],
  'hubs.compliance': ['时效达标率', 'Service compliance'],
  'hubs.new': ['选址结果', 'Proposed'],
  'hubs.now': ['当前', 'Current'],
  'hubs.state.auto': ['自动', 'auto'],
  'hubs.state.open': ['必选', 'open'],
  'hubs.state.closed': ['排除', 'closed'],
  'hubs.kind.hub': ['现有中转站', 'existing hub'],
  'hubs.kind.hub_candidate': ['候选', 'candidate'],

  'cov.scorecard': ['考核指标 vs 目标', 'Scorecard vs targets'],
  'cov.indicator': ['指标', 'Indicator'],
  'cov.value': ['现状', 'Value'],
  'cov.target': ['目标', 'Target'],
  'cov.pass': ['达标', 'Pass'],
  'cov.fail': ['未达标', 'Fail'],
  'cov.townships': ['分乡镇统计', 'Per township'],
  'cov.missing': ['应建未建的村级服务站', 'Villages that should have a station'],
  'cov.showMissing': ['在地图上标出', 'Highlight on map'],
  'cov.passed': ['{pass}/{total} 项达标', '{pass}/{total} indicators met'],
  'cov.planNote': ['基于计划 {plan}', 'using plan {plan}'],
  'cov.noPlanNote': ['未选择计划：时效按行驶时间估算', 'No plan selected: service times estimated from travel times'],
  'cov.village': ['村', 'Village'],
  'cov.why': ['原因', 'Why'],
  'cov.why.poverty': ['贫困村', 'poverty village'],
  'cov.why.large': ['500人以上', '500+ residents'],
  'cov.loading': ['计算中…', 'Computing…'],

  'up.title': ['上行（农产品进城）每件成本', 'Upstream (farm produce out) cost per parcel'],
  'up.county': ['县域共配', 'County'],
  'up.capital': ['省会', 'Provincial capital'],
  'up.platform': ['平台', 'Platform'],
  'up.pooled': ['合并揽收', 'Pooled volume'],
  'up.parity': ['上行比价（县/省会）', 'Parity (county / capital)'],
  'up.needPlan': ['先为该日生成计划（上行首公里成本来自配送线路）。', 'Run a plan for this day first (first-mile cost comes from the routes).'],
  'up.detail': ['明细', 'Details'],

  'map.stations': ['村级服务站', 'village stations'],
  'map.villages': ['行政村', 'villages'],
  'map.townships': ['乡镇', 'townships'],
  'map.routes': ['条线路', 'routes'],
  'map.warehouse': ['县级共配中心', 'County warehouse'],
  'map.hub': ['乡镇中转站', 'Township hub'],
  'map.candidate': ['候选站址', 'Hub candidate'],
  'map.station': ['服务站', 'Station'],
  'map.noStation': ['无服务站的村', 'Village without station'],
  'map.missing': ['应建未建（贫困/500人以上）', 'Required, missing (poverty/500+)'],
  'map.served': ['已按时送达', 'Served on time'],
  'map.late': ['超时', 'Late'],
  'map.unassigned': ['未安排', 'Unassigned'],
  'map.noParcels': ['当日无件', 'No parcels today'],
  'map.road': ['道路', 'Roads'],
  'map.route': ['配送线路（按车辆着色）', 'Routes (colour per vehicle)'],
  'map.styleCoverage': ['按覆盖', 'By coverage'],
  'map.styleService': ['按时效', 'By service'],
  'map.legend': ['图例', 'Legend'],
  'pop.township': ['乡镇', 'Township'],
  'pop.population': ['人口', 'Population'],
  'pop.poverty': ['贫困村', 'Poverty village'],
  'pop.station': ['服务站', 'Station'],
  'pop.parcels': ['第 {day} 天件数', 'Parcels day {day}'],
  'pop.carriers': ['快递企业', 'Carriers'],
  'pop.arrival': ['到达时间', 'Arrival'],
  'pop.vehicle': ['车辆 / 序', 'Vehicle / #'],
  'pop.visitDays': ['配送日', 'Visit days'],
  'pop.limit': ['时效', 'Service limit'],
  'pop.sameDay': ['当日达', 'same day'],
  'pop.days': ['{n} 天', '{n} days'],
  'pop.unassigned': ['未安排：{reason}', 'Unassigned: {reason}'],
  'pop.synthetic': ['位置/人口为合成数据', 'Position/population synthetic'],
  'search.placeholder': ['搜索村 / 站点…', 'Find a village or station…'],
  'yes': ['是', 'yes'],
  'no': ['否', 'no'],
  'loading': ['加载中…', 'Loading…'],
  'error.load': ['加载失败：{error}', 'Failed to load: {error}'],
  // prefecture view (issue 14)
  'tab.prefecture': ['地市排名', 'Prefecture'],
  'pref.title': ['县域考核排名', 'County ranking'],
  'pref.hint': ['打开 gongpei prefecture run 目录 --day 日 --json 输出的排名文件（JSON）。点击县域打开该县场景。', 'Open the ranking file (JSON) written by gongpei prefecture run DIR --day D --json. Click a county to open it.'],
  'pref.empty': ['尚未加载排名文件', 'No ranking loaded yet'],
  'pref.badFile': ['不是排名文件：缺少 counties 或 ranking', 'not a ranking file: counties or ranking missing'],
  'pref.export': ['导出 XLSX', 'Export XLSX'],
  'pref.rank': ['名次', 'Rank'],
  'pref.county': ['县（市、区）', 'County'],
  'pref.score': ['得分', 'Score'],
  'pref.cost': ['当日成本', 'Day cost'],
  'pref.costPerParcel': ['单件成本', 'Cost/parcel'],
  'pref.failed': ['未完成', 'Failed'],
  'pref.points': ['得分 {points} / 权重 {weight}', '{points} of {weight} points'],
  'pref.notStored': ['{name}：服务器中没有场景 {id}（用同一数据目录运行 prefecture run）', '{name}: the server has no scenario {id} (run prefecture run with the same data directory)'],
  'pref.ind.village_station_share': ['行政村服务站', 'Village stations'],
  'pref.ind.poverty_village_station_share': ['贫困村覆盖', 'Poverty villages'],
  'pref.ind.large_village_station_share': ['500人以上村覆盖', '500+ villages'],
  'pref.ind.township_express_share': ['乡镇快递覆盖', 'Township express'],
  'pref.ind.same_day_share': ['当日送达', 'Same day'],
  'pref.ind.within_limit_share': ['时效达标', 'Within limit'],
  'pref.ind.carriers_shared': ['共配企业数', 'Carriers'],
  'pref.ind.upstream_parity': ['上行成本比', 'Upstream ratio'],
  'pref.ind.produce_station_share': ['农产品上行站点', 'Produce stations'],
};

/** Dictionary keys (for the completeness test). */
export function dictionaryKeys(): string[] {
  return Object.keys(dict);
}

const KEY = 'gongpei.lang';
let lang: Lang = readLang();

function readLang(): Lang {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(KEY, next);
  } catch {
    /* private mode: keep the choice for this page only */
  }
  applyStatic();
  for (const fn of listeners) fn(next);
}

const listeners: Array<(l: Lang) => void> = [];
export function onLangChange(fn: (l: Lang) => void): void {
  listeners.push(fn);
}

export function t(key: string, vars: Record<string, string | number> = {}): string {
  const entry = dict[key];
  let text = entry ? entry[lang === 'zh' ? 0 : 1] : key;
  for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

export function applyStatic(root: ParentNode = document): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n!);
  });
  root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]').forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder!);
  });
  const btn = document.getElementById('lang-btn');
  if (btn) btn.textContent = lang === 'zh' ? 'EN' : '中文';
  document.title = lang === 'zh' ? '共配 Gongpei · 县域共同配送规划' : 'Gongpei · County shared-delivery planner';
}

export function fmtNumber(n: number, digits = 0): string {
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
export function fmtMoney(n: number, digits = 0): string {
  return `¥${fmtNumber(n, digits)}`;
}
export function fmtPct(share: number, digits = 1): string {
  return `${fmtNumber(share * 100, digits)}%`;
}
