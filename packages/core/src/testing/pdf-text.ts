/**
 * Text of a generated PDF for tests (any line's printed documents), through poppler's `pdftotext` (Debian poppler-utils; .ci/run
 * installs it). pdfkit writes a ToUnicode map for the subset CJK font, so the Chinese text comes back.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PdfText {
  /** The text as laid out, page breaks as form feeds. */
  text: string;
  /** The same without any whitespace (pdfkit's character spacing splits titles into letters). */
  flat: string;
  pages: number;
}

export function pdfText(pdf: Buffer): PdfText {
  let text: string;
  try {
    text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], {
      input: pdf,
      encoding: 'utf8',
    });
  } catch (err) {
    throw new Error(
      `pdftotext failed (${(err as Error).message}); install poppler-utils (apt-get install poppler-utils)`,
      { cause: err },
    );
  }
  const pages = text.split('\f').filter((p) => p.trim().length > 0).length;
  return { text, flat: text.replace(/\s+/gu, ''), pages };
}

/** With PRINT_PREVIEW_DIR set, keeps the PDF there for a look (pdftoppm -png -r 80 file.pdf out). */
export function keepForPreview(name: string, pdf: Buffer): void {
  const dir = process.env.PRINT_PREVIEW_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), pdf);
}
