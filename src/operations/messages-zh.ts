/**
 * Chinese wording of the operations messages, for API answers to a Chinese UI. The messages are composed in
 * English where they arise (CLI output, logs, tests read those); this table renders them in Chinese at the edge.
 * A message without a pattern stays English.
 */
const PATTERNS: Array<[RegExp, string]> = [
  [/^unknown station "([^"]*)"; nearest: (.*)$/, '未知站点“$1”；最接近的是：$2'],
  [/^unknown station "([^"]*)"$/, '未知站点“$1”'],
  [/^(\d+) characters is too long \(at most (\d+)\)$/, '$1 个字符，过长（最多 $2 个）'],
  [/^unknown village "([^"]*)" in ([^;]*); nearest: (.*)$/, '$2 没有名为“$1”的村；最接近的是：$3'],
  [/^unknown village "([^"]*)" in (.*)$/, '$2 没有名为“$1”的村'],
  [/^unknown township "([^"]*)"; nearest: (.*)$/, '未知乡镇“$1”；最接近的是：$2'],
  [/^unknown township "([^"]*)"$/, '未知乡镇“$1”'],
  [/^"([^"]*)" is ambiguous in ([^:]*): (.*); give station_id$/, '“$1”在 $2 有重名：$3；请填写 station_id'],
  [/^village (.*) has no station: its parcels cannot be delivered there$/, '村 $1 没有服务站，包裹无法送达'],
  [/^no station_id, code or name given$/, '缺少 station_id、code 或村名'],
  [/^duplicate row: station (.*) is already on row (\d+)$/, '重复行：站点 $1 已在第 $2 行'],
  [/^"([^"]*)" is not a number$/, '“$1”不是数字'],
  [/^must not be negative \((.*)\)$/, '不能为负数（$1）'],
  [/^parcels are whole numbers \((.*)\)$/, '件数必须是整数（$1）'],
  [
    /^(\S+) parcels for one station is implausible \(limit (\d+)\); check the figure$/,
    '单站 $1 件不合理（上限 $2），请核对',
  ],
  [
    /^(\S+) kg for (\S+) parcels is over (\S+) kg a parcel; check the figure$/,
    '$2 件共 $1 公斤，超过每件 $3 公斤，请核对',
  ],
  [/^(\S+) kg but no parcels$/, '有 $1 公斤但件数为 0'],
  [/^"([^"]*)" is not true\/false .*$/, '“$1”不是 是/否'],
  [/^pick-up parcels need a destination zone \(up_zone\)$/, '有上行件时必须填写去向 up_zone'],
  [/^unknown zone "([^"]*)"; zones: (.*)$/, '未知去向“$1”；可选：$2'],
  [/^missing column "([^"]*)"$/, '缺少列“$1”'],
  [/^missing column: give station_id .*$/, '缺少列：请提供 station_id（或 code，或 name + township）'],
  [/^the (manifest|file) has no rows$/, '文件没有数据行'],
  [/^expected a \.csv or \.xlsx file$/, '只接受 .csv 或 .xlsx 文件'],
  [/^not a readable XLSX workbook .*$/, '无法读取的 XLSX 工作簿'],
  [/^empty workbook: expected a header row$/, '空工作簿：缺少表头行'],
  [/^"([^"]*)" is not a calendar date \(YYYY-MM-DD\)$/, '“$1”不是有效日期（YYYY-MM-DD）'],
  [/^unknown carrier "([^"]*)"; carriers: (.*)$/, '未知快递公司“$1”；可选：$2'],
  [/^vehicle "([^"]*)" is not in dispatch (\S+); vehicles: (.*)$/, '派车单 $2 中没有车辆“$1”；车辆：$3'],
  [/^station "([^"]*)" is not on the route of (.*)$/, '站点“$1”不在 $2 的线路上'],
  [
    /^carrier "([^"]*)" has no parcels for (\S+) on ([^;]*); carriers there: (.*)$/,
    '$3 在 $2 没有“$1”的包裹；该站快递公司：$4',
  ],
  [/^duplicate entry for (.*) on (\S+) \(also at (.*)\)$/, '重复记录：$2 的 $1（另见 $3）'],
  [
    /^delivered (\d+) \+ failed (\d+) must equal the (\d+) parcels dispatched$/,
    '送达 $1 + 未送达 $2 必须等于派送的 $3 件',
  ],
  [/^a failed delivery needs a reason$/, '未送达必须填写原因'],
  [/^(\d+) pick-ups at one stop is implausible \(limit (\d+)\)$/, '单站揽收 $1 件不合理（上限 $2）'],
  [/^"([^"]*)" is not a clock time HH:MM$/, '“$1”不是时间（HH:MM）'],
  [/^a client-generated id .*$/, '每条记录需要客户端生成的编号（8–64 位字母、数字、- 或 _）'],
  [/^unknown (dispatch|plan|scenario) "([^"]*)"$/, '未找到 $2'],
  [/^no manifests imported for (\S+) and nothing carried over.*$/, '$1 没有导入任何清单，也没有结转包裹；请先导入清单'],
  [
    /^a manifest of carrier "([^"]*)" for (\S+) is already imported \((\S+) from (.*)\); use --replace to supersede it$/,
    '快递公司“$1”$2 的清单已导入（$3，文件 $4）；如需更正请选择“替换”',
  ],
  [
    /^(\S+) is already dispatched \((\S+) of plan (\S+)\); a dispatch is final$/,
    '$1 已派车（$2，计划 $3）；派车单不可更改',
  ],
  [/^give exactly one of --month.*$/, '请只指定一个：月份、年份或日期'],
  [
    /^(\S+) is outside the operational dates (\S+) … (\S+) \(at most (\d+) days ahead of today\)$/,
    '$1 不在业务日期范围 $2 至 $3 内（最多比今天晚 $4 天）',
  ],
  [
    /^(\S+) is already dispatched \((\S+)\); a manifest for it would never be planned: import it for a later date$/,
    '$1 已派车（$2）；该日期的清单永远不会被排线，请导入到之后的日期',
  ],
  [
    /^(\S+) is already dispatched \((\S+)\): a manifest for the earlier date (\S+) would never be planned; import it for a date after (\S+)$/,
    '$1 已派车（$2）：更早日期 $3 的清单永远不会被排线；请导入到 $4 之后的日期',
  ],
  [
    /^(\S+) is already dispatched: dates are dispatched in order, so (\S+) can no longer be$/,
    '$1 已派车：派车须按日期顺序，$2 已不能再派车',
  ],
  [
    /^(\S+) was dispatched after this plan of (\S+) took its parcels over; plan (\S+) again$/,
    '$1 在本计划（$2）结转其包裹之后已派车；请重新为 $3 排线',
  ],
  [
    /^the manifests of (\S+) changed after plan (\S+) was made; plan (\S+) again and dispatch the new plan$/,
    '$1 的清单在计划 $2 生成之后已变更；请重新为 $3 排线，再派发新计划',
  ],
  [
    /^plan (\S+) is not a plan of a calendar date: .*$/,
    '计划 $1 不是按日期生成的计划：请按日期重新排线，或指定多日计划中的某一天（--day K）派车',
  ],
  [
    /^picked up (\d+) but (\d+) pick-ups were dispatched for (.*) on (\S+); at most what was planned$/,
    '揽收 $1 件，但 $4 在 $3 只派了 $2 件揽收；不能超过计划',
  ],
  [
    /^entry id "([^"]*)" already belongs to dispatch (\S+); give each entry a new id$/,
    '记录编号“$1”已属于派车单 $2；每条记录请使用新的编号',
  ],
  [
    /^entry id "([^"]*)" is already stored on dispatch (\S+) with other figures; send a correction with a new id$/,
    '记录编号“$1”已在派车单 $2 中以不同的数据保存；更正请使用新的编号',
  ],
];

/** One message in Chinese (the `file:row:field: ` prefix, if any, is kept). */
export function toChinese(message: string): string {
  return message
    .split('\n')
    .map((line) => {
      const m = /^(\S+?:(?:\d+:)?(?:[a-z_]+:)?\s)?(.*)$/.exec(line);
      const prefix = m?.[1] ?? '';
      const text = m?.[2] ?? line;
      for (const [re, zh] of PATTERNS) if (re.test(text)) return prefix + text.replace(re, zh);
      return line;
    })
    .join('\n');
}
