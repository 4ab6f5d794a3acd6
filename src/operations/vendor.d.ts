// Minimal typings of the two untyped packages the dispatch sheets use.
declare module 'pdfmake/src/printer.js' {
  import type { Readable } from 'node:stream';
  export default class PdfPrinter {
    constructor(fonts: Record<string, Record<string, string>>);
    createPdfKitDocument(doc: unknown): Readable & { end(): void };
  }
}
declare module 'wawoff2' {
  const wawoff2: { decompress(bytes: Uint8Array): Promise<Uint8Array> };
  export default wawoff2;
}
