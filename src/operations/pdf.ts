/**
 * PDF rendering for operations documents: pdfmake 0.2 with the CJK font of ./cjk-font.ts. Callers build a
 * pdfmake document with plain strings; every string is cut into font runs here, so callers need not care.
 */
import { DEFAULT_FONT, cjkFonts, cjkRuns, type TextRun } from './cjk-font.ts';
import { loadPdfPrinter } from './lazy.ts';

/** Replaces every `text: string` (and bare strings in tables) by font runs; collects the runs. */
function withRuns(node: unknown, runs: TextRun[]): unknown {
  if (typeof node === 'string' || typeof node === 'number') {
    const r = cjkRuns(String(node));
    runs.push(...r);
    return { text: r };
  }
  if (Array.isArray(node)) return node.map((n) => withRuns(n, runs));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'text' && (typeof v === 'string' || typeof v === 'number')) {
        const r = cjkRuns(String(v));
        runs.push(...r);
        out.text = r;
      } else if (
        k === 'content' ||
        k === 'stack' ||
        k === 'columns' ||
        k === 'body' ||
        k === 'table' ||
        k === 'ul' ||
        k === 'ol' ||
        k === 'text'
      ) {
        out[k] = withRuns(v, runs);
      } else out[k] = v;
    }
    return out;
  }
  return node;
}

export async function renderPdf(doc: { content: unknown; [k: string]: unknown }): Promise<Buffer> {
  const runs: TextRun[] = [];
  const content = withRuns(doc.content, runs);
  const PdfPrinter = await loadPdfPrinter();
  const printer = new PdfPrinter(await cjkFonts(runs));
  const pdf = printer.createPdfKitDocument({
    pageSize: 'A4',
    pageMargins: [36, 36, 36, 36],
    ...doc,
    content,
    defaultStyle: { font: DEFAULT_FONT(), fontSize: 10 },
  });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
    pdf.end();
  });
}
