/**
 * Server-side texts of operations documents and messages, zh-CN by default, English on request
 * (Accept-Language or ?lang= on the API, --lang on the CLI).
 */
export type Lang = 'zh' | 'en';

export function pickLang(header?: string | null, query?: unknown): Lang {
  if (query === 'en' || query === 'zh') return query;
  if (typeof header === 'string' && /^\s*en\b/i.test(header)) return 'en';
  return 'zh';
}

const TEXT = {
  dispatchSheet: { zh: '派车单', en: 'Dispatch sheet' },
  depot: { zh: '发车地点', en: 'Depot' },
  date: { zh: '日期', en: 'Date' },
  vehicle: { zh: '车辆', en: 'Vehicle' },
  trip: { zh: '趟次', en: 'Trip' },
  seq: { zh: '序号', en: 'Seq' },
  stationId: { zh: '站点编号', en: 'Station id' },
  station: { zh: '站点', en: 'Station' },
  township: { zh: '乡镇', en: 'Township' },
  arrival: { zh: '计划到达', en: 'Planned arrival' },
  carrier: { zh: '快递公司', en: 'Carrier' },
  parcelsDown: { zh: '下行件数', en: 'Parcels down' },
  parcelsUp: { zh: '上行揽收', en: 'Pick-ups' },
  carriedOver: { zh: '滞留转入', en: 'Carried over' },
  cold: { zh: '冷链', en: 'Cold' },
  yes: { zh: '是', en: 'yes' },
  total: { zh: '合计', en: 'Total' },
  driverSign: { zh: '司机签字', en: 'Driver signature' },
  dispatcherSign: { zh: '调度签字', en: 'Dispatcher signature' },
  stationSign: { zh: '站点签收', en: 'Station signature' },
  handover: { zh: '交接', en: 'Handover' },
  via: { zh: '经干线班车至', en: 'by trunk to' },
  delivered: { zh: '已送达', en: 'Delivered' },
  failed: { zh: '未送达', en: 'Failed' },
  pickedUp: { zh: '已揽收', en: 'Picked up' },
  onTime: { zh: '准时', en: 'On time' },
  pending: { zh: '待回单', en: 'Pending' },
  actualArrival: { zh: '实际到达', en: 'Actual arrival' },
  ledger: { zh: '配送记录台账', en: 'Delivery ledger' },
  report: { zh: '运营报表', en: 'Operations report' },
  dispatched: { zh: '派送件数', en: 'Dispatched' },
  deliveredShare: { zh: '妥投率', en: 'Delivered share' },
  onTimeShare: { zh: '准时率', en: 'On-time share' },
  costPerParcel: { zh: '单件成本(元)', en: 'Cost per parcel (yuan)' },
  cost: { zh: '运输成本(元)', en: 'Transport cost (yuan)' },
  byTownship: { zh: '按乡镇', en: 'By township' },
  byCarrier: { zh: '按快递公司', en: 'By carrier' },
  byDay: { zh: '按日', en: 'By day' },
  scorecard: { zh: '覆盖考核', en: 'Coverage scorecard' },
  indicator: { zh: '指标', en: 'Indicator' },
  value: { zh: '实际值', en: 'Value' },
  target: { zh: '目标', en: 'Target' },
  pass: { zh: '达标', en: 'Pass' },
  fail: { zh: '未达标', en: 'Fail' },
  score: { zh: '得分', en: 'Score' },
  weight: { zh: '权重', en: 'Weight' },
  period: { zh: '统计期', en: 'Period' },
  lunchBreak: { zh: '午休', en: 'Lunch break' },
  minutes: { zh: '分钟', en: 'min' },
} as const;

export type TextKey = keyof typeof TEXT;

export function t(lang: Lang, key: TextKey): string {
  return TEXT[key][lang];
}
