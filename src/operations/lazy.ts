/**
 * Spreadsheet, PDF and font libraries are loaded on first use: imported at the top they add well over a second to
 * the start of every `gongpei` command and of the server, whether or not it writes a sheet.
 */
export async function loadExcel(): Promise<typeof import('exceljs')> {
  const mod = await import('exceljs');
  return (mod as unknown as { default?: typeof import('exceljs') }).default ?? mod;
}

export async function loadPdfPrinter(): Promise<typeof import('pdfmake/src/printer.js').default> {
  return (await import('pdfmake/src/printer.js')).default;
}

export async function loadWoff2(): Promise<typeof import('wawoff2').default> {
  return (await import('wawoff2')).default;
}
