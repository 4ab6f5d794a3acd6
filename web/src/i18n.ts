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
  'settings.hint': [
    '默认不加载任何在线瓦片，地图完全离线可用。高德瓦片为 GCJ-02 坐标，本应用会把所有图层偏移到 GCJ-02 以对齐。',
    'By default no online tiles are loaded: the map works fully offline. AMap tiles are in GCJ-02; the app shifts every layer to GCJ-02 to match them.',
  ],
  'settings.close': ['完成', 'Done'],
  'import.title': [
    '导入场景（场景文件夹 zip 或其 CSV/GeoJSON 文件）',
    'Import a scenario (zip of a scenario folder, or its CSV/GeoJSON files)',
  ],
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
  'plan.dayOption': [
    '第 {day} 天（{parcels} 件，{stations} 站）',
    'Day {day} ({parcels} parcels, {stations} stations)',
  ],
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
  'routes.sheetMeta': [
    '{county} · 第 {day} 天 · 出发 {dep} · 返回 {ret} · {km} km',
    '{county} · day {day} · leaves {dep} · back {ret} · {km} km',
  ],
  'routes.sign': ['司机签字：__________　　站点签收：__________', 'Driver: __________    Received by: __________'],
  'routes.receivedCol': ['签收', 'Signed'],
  'routes.showAll': ['显示全部线路', 'Show all routes'],
  'routes.dayPicker': ['周期计划日', 'Horizon day'],
  'routes.horizonDay': ['第 {day} 天（{n} 条线路）', 'Day {day} ({n} routes)'],

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
  'up.needPlan': [
    '先为该日生成计划（上行首公里成本来自配送线路）。',
    'Run a plan for this day first (first-mile cost comes from the routes).',
  ],
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
  yes: ['是', 'yes'],
  no: ['否', 'no'],
  loading: ['加载中…', 'Loading…'],
  'error.load': ['加载失败：{error}', 'Failed to load: {error}'],
  // Daily operations (issue 12)
  'tab.manifests': ['运单清单', 'Manifests'],
  'tab.dispatch': ['派车', 'Dispatch'],
  'tab.ledger': ['台账', 'Ledger'],
  'tab.reports': ['报表', 'Reports'],
  'ops.date': ['日期', 'Date'],
  'ops.carrier': ['快递公司', 'Carrier'],
  'ops.file': ['清单文件（CSV / XLSX）', 'Manifest file (CSV / XLSX)'],
  'ops.replace': ['替换该公司当日已导入的清单', "Replace the carrier's manifest of that date"],
  'ops.upload': ['上传清单', 'Upload manifest'],
  'ops.uploaded': [
    '已导入 {carrier} {date}：{rows} 行，下行 {down} 件，上行 {up} 件',
    'Imported {carrier} {date}: {rows} rows, {down} parcels down, {up} up',
  ],
  'ops.manifestsOf': ['{date} 的清单', 'Manifests of {date}'],
  'ops.none': ['暂无', 'None yet'],
  'ops.rows': ['行数', 'Rows'],
  'ops.down': ['下行件数', 'Parcels down'],
  'ops.up': ['上行件数', 'Parcels up'],
  'ops.planDate': ['按日期规划', 'Plan this date'],
  'ops.planning': ['规划中…', 'Planning…'],
  'ops.planned': [
    '{date} 已规划：{vehicles} 辆车，下行 {down} 件，滞留转入 {carried} 件',
    '{date} planned: {vehicles} vehicles, {down} parcels down, {carried} carried over',
  ],
  'ops.plans': ['日期计划', 'Date plans'],
  'ops.dispatch': ['派车（冻结计划）', 'Dispatch (freeze the plan)'],
  'ops.showOnMap': ['在地图上显示线路', 'Show routes on the map'],
  'ops.dispatched': ['已派车', 'Dispatched'],
  'ops.dispatches': ['派车单', 'Dispatches'],
  'ops.sheets': ['派车单 PDF / XLSX / CSV', 'Sheets PDF / XLSX / CSV'],
  'ops.driverPages': ['司机页面', 'Driver pages'],
  'ops.from': ['起', 'From'],
  'ops.to': ['止', 'To'],
  'ops.show': ['查询', 'Show'],
  'ops.station': ['站点', 'Station'],
  'ops.dispatchedN': ['派送', 'Dispatched'],
  'ops.delivered': ['送达', 'Delivered'],
  'ops.failed': ['未送达', 'Failed'],
  'ops.carriedOver': ['滞留转入', 'Carried over'],
  'ops.pickedUp': ['揽收', 'Picked up'],
  'ops.onTime': ['准时', 'On time'],
  'ops.pending': ['待回单', 'Pending'],
  'ops.total': ['合计', 'Total'],
  'ops.deliveredShare': ['妥投率', 'Delivered share'],
  'ops.onTimeShare': ['准时率', 'On-time share'],
  'ops.delay': ['平均晚到（分钟）', 'Mean delay (min)'],
  'ops.month': ['月份', 'Month'],
  'ops.report': ['生成报表', 'Build report'],
  'ops.costPerParcel': ['单件成本', 'Cost per parcel'],
  'ops.costTrend': ['成本趋势（元/件/日）', 'Cost trend (yuan/parcel/day)'],
  'ops.score': ['加权得分', 'Weighted score'],
  'ops.byTownship': ['按乡镇', 'By township'],
  'ops.byCarrier': ['按快递公司', 'By carrier'],
  'ops.byDay': ['按日', 'By day'],
  'ops.print': ['打印 / 导出', 'Print / export'],
  'ops.exportCsv': ['导出 CSV', 'Export CSV'],
  'ops.driver.title': ['司机回单', 'Driver check-in'],
  'ops.driver.queued': ['待上传 {n} 条', '{n} waiting to upload'],
  'ops.driver.synced': ['已全部上传', 'All uploaded'],
  'ops.driver.offline': ['离线：记录已保存，联网后自动上传', 'Offline: entries are kept and sent when back online'],
  'ops.driver.deliver': ['送达', 'Delivered'],
  'ops.driver.fail': ['未送达', 'Failed'],
  'ops.driver.reason': ['原因', 'Reason'],
  'ops.driver.reason.absent': ['收件人不在', 'Recipient absent'],
  'ops.driver.reason.refused': ['拒收', 'Refused'],
  'ops.driver.reason.address': ['地址错误', 'Wrong address'],
  'ops.driver.reason.damaged': ['破损', 'Damaged'],
  'ops.driver.pickup': ['揽收件数', 'Picked up'],
  'ops.driver.cold': ['冷链', 'Cold'],
  'ops.driver.done': ['已记录', 'Recorded'],
  // ---- workbench (issue 16): editing, versions, siting, plan comparison, hub proposals, map tools
  'tab.versions': ['版本', 'Versions'],
  'map.fitCounty': ['缩放至全县', 'Fit county'],
  'map.exportPng': ['导出地图 PNG（报告用）', 'Export map as PNG (reports)'],
  'map.tilesFailed': ['底图瓦片无法加载', 'Map tiles cannot load'],
  'map.tilesFailedHint': [
    '可能处于离线状态、网络受限或密钥无效。矢量图层不受影响。',
    'Offline, blocked network or an invalid key. The vector layers are unaffected.',
  ],
  'map.tilesOffline': ['改用离线底图', 'Use the offline map'],
  'map.proposedHub': ['方案中的中转站', 'Proposed hub'],
  'map.excludedHub': ['方案排除的中转站', 'Hub excluded by the proposal'],
  'map.assignment': ['站点 → 中转站归属', 'Station → hub assignment'],
  'map.zonesFallback': ['乡镇范围：泰森多边形近似', 'Township zones: Voronoi (approx.)'],
  'map.zonesReal': ['乡镇边界（已导入）', 'Township boundaries (imported)'],
  'bnd.title': [
    '乡镇真实边界（GeoJSON，按 id 或名称匹配乡镇）',
    'Real township boundaries (GeoJSON, matched by township id or name)',
  ],
  'bnd.crs': ['坐标系', 'Coordinates'],
  'bnd.run': ['导入边界', 'Import boundaries'],
  'bnd.remove': ['删除边界', 'Remove boundaries'],
  'bnd.ok': ['已导入 {n}/{of} 个乡镇边界', 'Imported {n} of {of} township boundaries'],
  'edit.rejected': [
    '编辑未通过校验（与导入相同的规则），未生成新版本：',
    'Edit refused (same rules as an import); no version was created:',
  ],
  'edit.addHere': ['在此处新增', 'Add here'],
  'edit.name': ['名称', 'Name'],
  'edit.namePlaceholder': ['可选', 'optional'],
  'edit.addStation': ['村级服务站', 'Village station'],
  'edit.addCandidate': ['候选中转站', 'Hub candidate'],
  'edit.addHub': ['中转站', 'Hub'],
  'edit.editPlace': ['编辑', 'Edit'],
  'edit.save': ['保存为新版本', 'Save as new version'],
  'edit.move': ['拖动移位', 'Move (drag)'],
  'edit.delete': ['删除', 'Delete'],
  'edit.cancel': ['取消', 'Cancel'],
  'edit.role': ['类型', 'Role'],
  'edit.limitDefault': ['县默认', 'county default'],
  'edit.kind.village': ['行政村', 'village'],
  'edit.kind.hub': ['中转站', 'hub'],
  'edit.kind.hub_candidate': ['候选中转站', 'hub candidate'],
  'edit.kind.warehouse': ['县级共配中心', 'warehouse'],
  'edit.confirmDelete': ['删除“{name}”？（将生成新版本，可恢复）', 'Delete "{name}"? (a new version; can be reverted)'],
  'edit.dragHint': ['拖动 ✥ 把“{name}”移到新位置', 'Drag ✥ to move "{name}"'],
  'edit.saved': ['已保存为版本 v{version}', 'Saved as version v{version}'],
  'ver.editing': ['在地图上编辑', 'Edit on the map'],
  'ver.editHint': [
    '右键地图空白处：新增服务站 / 候选中转站 / 中转站；右键或点击站点 → 编辑：属性、拖动移位、删除。每次编辑按导入规则校验（县域范围、离道路距离、ID 重复、人口非负），通过后生成新版本。',
    'Right-click empty map: add a station, hub candidate or hub; right-click or click a place → Edit: attributes, drag to move, delete. Each edit is validated like an import (inside the county, near a road, unique id, population ≥ 0) and becomes a new version.',
  ],
  'ver.author': ['编辑人', 'Your name (history)'],
  'ver.authorPlaceholder': ['如：规划科 张工', 'e.g. planning office, Zhang'],
  'ver.history': ['版本历史', 'Version history'],
  'ver.when': ['时间 / 人', 'When / who'],
  'ver.what': ['内容', 'What'],
  'ver.diff': ['差异', 'Diff'],
  'ver.diffAny': ['任意两个版本的差异：', 'Difference between any two versions:'],
  'ver.revert': ['恢复', 'Revert'],
  'ver.current': ['当前', 'current'],
  'ver.plans': ['{n} 个计划基于此版本', '{n} plan(s) on this version'],
  'ver.kind.import': ['导入', 'import'],
  'ver.kind.edit': ['编辑', 'edit'],
  'ver.kind.revert': ['恢复', 'revert'],
  'ver.kind.hubs': ['选址方案', 'hub proposal'],
  'ver.kind.siting': ['新建站点', 'station siting'],
  'ver.fleet': ['车队', 'fleet'],
  'ver.demandRows': ['需求行数', 'demand rows'],
  'ver.noDiff': ['无差异', 'no difference'],
  'ver.confirmRevert': ['恢复到版本 v{v}？（记录为新版本）', 'Revert to version v{v}? (recorded as a new version)'],
  'ver.reverted': ['已恢复到 v{v}（现为 v{now}）', 'Reverted to v{v} (now v{now})'],
  'site.title': ['新建服务站选址', 'Station siting'],
  'site.hint': [
    '达到覆盖考核目标（贫困村、500 人以上村、行政村覆盖率）成本最低的新建站点集合；成本为每配送日新增的线路成本估算。',
    'The cheapest set of new stations that meets the coverage targets (poverty villages, villages of 500+, village share); cost = estimated added routing cost per delivery day.',
  ],
  'site.run': ['计算最省的新建站点', 'Find the cheapest new stations'],
  'site.count': ['新建站点', 'New stations'],
  'site.cost': ['新增成本 / 天', 'Added cost / day'],
  'site.villageShare': ['行政村覆盖率', 'Village share'],
  'site.reached': ['达标', 'Targets met'],
  'site.unmet': ['即使全部建站仍无法达标：{list}', 'Cannot be met even with every village: {list}'],
  'site.village': ['村', 'Village'],
  'site.whyCol': ['原因', 'Why'],
  'site.costCol': ['成本/天', 'Cost/day'],
  'site.why.poverty': ['贫困村', 'poverty'],
  'site.why.large': ['500 人以上', '500+'],
  'site.why.poverty,large': ['贫困村 · 500 人以上', 'poverty · 500+'],
  'site.why.share': ['覆盖率', 'share'],
  'site.add': ['一键新建这 {n} 个站点（新版本）', 'Add these {n} stations (new version)'],
  'site.none': ['已达标，无需新建。', 'Targets already met: nothing to add.'],
  'site.new': ['建议新建', 'proposed station'],
  'site.day': ['天', 'day'],
  'site.message': ['选址：新建 {n} 个服务站', 'siting: {n} new stations'],
  'cmp.title': ['计划对比', 'Plans side by side'],
  'cmp.needTwo': ['至少需要两个已保存的计划（在“配送计划”中运行）。', 'Needs two saved plans (run them in Plan).'],
  'cmp.a': ['计划 A', 'Plan A'],
  'cmp.b': ['计划 B', 'Plan B'],
  'cmp.run': ['对比', 'Compare'],
  'cmp.showA': ['只看 A', 'A only'],
  'cmp.showB': ['只看 B', 'B only'],
  'cmp.showBoth': ['A + B', 'A + B'],
  'cmp.mapHint': [
    '地图：A 为蓝色实线，B 为橙色虚线（站点间直线）。',
    'Map: A solid blue, B dashed orange (straight legs between stops).',
  ],
  'hubs.cancel': ['取消', 'Cancel'],
  'hubs.cancelled': ['已取消', 'Cancelled'],
  'hubs.save': ['保存方案为新版本', 'Save proposal as a new version'],
  'hubs.saved': [
    '方案已保存为 v{version}：可在“配送计划”中按新布局规划',
    'Proposal saved as v{version}: plan it in Plan',
  ],
  'hubs.showRoutes': ['显示重新规划的线路', 'Show re-planned routes'],
  'hubs.showAssignment': ['显示站点归属', 'Show station assignment'],
  'hubs.fixedCost': ['开设成本（元/天）', 'Opening cost (yuan/day)'],
  'hubs.capacity': ['处理能力（件/天）', 'Capacity (parcels/day)'],
  'hubs.explain.p-median': [
    'p-中位模型：在 p 个中转站下使“件·分钟”（每站日均件数 × 到所属站点的行驶分钟）之和最小——它不最小化成本；实际配送成本见下方重新规划的线路成本对比。',
    'p-median: minimises parcel-minutes (parcels/day × minutes from the assigned depot) for p hubs — not cost; the re-planned routing cost below shows what it costs.',
  ],
  'hubs.explain.set-cover': [
    '集合覆盖：用最少的中转站使每个站点都在 T 分钟内到达；不考虑件量和成本。',
    'Set cover: the fewest hubs so that every station is within T minutes; ignores volume and cost.',
  ],
  'hubs.explain.capacitated': [
    '带容量选址：最小化 开设成本 + 运输成本（件·小时 × 单价），每个中转站不超过处理能力。',
    'Capacitated: minimises opening costs + transport (parcel-hours × rate), each hub within its capacity.',
  ],
  'hubs.routesNote': [
    '地图上的紫色线为方案重新规划的线路（站点间直线），细灰线为站点 → 中转站归属。',
    'Purple lines: the proposal’s re-planned routes (straight legs); thin grey lines: station → hub assignment.',
  ],
  // prefecture view (issue 14)
  'tab.prefecture': ['地市排名', 'Prefecture'],
  'pref.title': ['县域考核排名', 'County ranking'],
  'pref.hint': [
    '打开 gongpei prefecture run 目录 --day 日 --json 输出的排名文件（JSON）。点击县域打开该县场景。',
    'Open the ranking file (JSON) written by gongpei prefecture run DIR --day D --json. Click a county to open it.',
  ],
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
  'pref.notStored': [
    '{name}：服务器中没有场景 {id}（用同一数据目录运行 prefecture run）',
    '{name}: the server has no scenario {id} (run prefecture run with the same data directory)',
  ],
  'pref.ind.village_station_share': ['行政村服务站', 'Village stations'],
  'pref.ind.poverty_village_station_share': ['贫困村覆盖', 'Poverty villages'],
  'pref.ind.large_village_station_share': ['500人以上村覆盖', '500+ villages'],
  'pref.ind.township_express_share': ['乡镇快递覆盖', 'Township express'],
  'pref.ind.same_day_share': ['当日送达', 'Same day'],
  'pref.ind.within_limit_share': ['时效达标', 'Within limit'],
  'pref.ind.carriers_shared': ['共配企业数', 'Carriers'],
  'pref.ind.upstream_parity': ['上行成本比', 'Upstream ratio'],
  'pref.ind.produce_station_share': ['农产品上行站点', 'Produce stations'],
  'map.busLeg': ['客运班车带货', 'Parcels on passenger buses'],
  'map.parcels': ['件', 'parcels'],
  'pop.bus': ['班车 / 发车', 'Bus / departure'],
  'pop.cold': ['冷链', 'cold chain'],
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
  return n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
export function fmtMoney(n: number, digits = 0): string {
  return `¥${fmtNumber(n, digits)}`;
}
export function fmtPct(share: number, digits = 1): string {
  return `${fmtNumber(share * 100, digits)}%`;
}
