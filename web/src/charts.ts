/** Small dependency-free SVG bar charts (grouped horizontal bars). */

export interface BarGroup {
  label: string;
  bars: Array<{ name: string; value: number; color: string; text?: string }>;
}

const esc = (s: string) =>
  s.replace(
    /[&<>"]/g,
    (c) => (({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }) as Record<string, string>)[c],
  );

/** Horizontal grouped bars; each group is scaled on its own (values of different units side by side). */
export function groupedBars(groups: BarGroup[], opts: { testid?: string; sharedScale?: boolean } = {}): string {
  const width = 380;
  const labelW = 112;
  const barH = 14;
  const gap = 4;
  const groupGap = 14;
  let y = 6;
  const parts: string[] = [];
  const globalMax = Math.max(1e-9, ...groups.flatMap((g) => g.bars.map((b) => Math.abs(b.value))));
  for (const g of groups) {
    const max = opts.sharedScale ? globalMax : Math.max(1e-9, ...g.bars.map((b) => Math.abs(b.value)));
    const groupTop = y;
    for (const b of g.bars) {
      const w = Math.max(1, ((width - labelW - 78) * Math.abs(b.value)) / max);
      parts.push(
        `<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" rx="3" fill="${b.color}"><title>${esc(b.name)}: ${esc(b.text ?? String(b.value))}</title></rect>`,
      );
      parts.push(
        `<text x="${(labelW + w + 5).toFixed(1)}" y="${y + barH - 3}">${esc(b.text ?? String(b.value))}</text>`,
      );
      y += barH + gap;
    }
    parts.push(
      `<text x="0" y="${(groupTop + (y - gap - groupTop) / 2 + 4).toFixed(1)}" font-weight="600">${esc(g.label)}</text>`,
    );
    y += groupGap;
  }
  const height = y - groupGap + 6;
  const tid = opts.testid ? ` data-testid="${opts.testid}"` : '';
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img"${tid}><line class="axis" x1="${labelW}" y1="0" x2="${labelW}" y2="${height}"/>${parts.join('')}</svg>`;
}

export function legendRow(items: Array<{ name: string; color: string }>): string {
  return `<div class="hint">${items.map((i) => `<span class="swatch" style="background:${i.color}"></span>${esc(i.name)}`).join('&emsp;')}</div>`;
}
