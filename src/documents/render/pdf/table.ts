/**
 * Tables drawn line by line with our own layout (pdfkit's doc.table() re-reads the font for
 * every cell, which is far too slow for incident annexes with hundreds of rows).
 * The header row repeats on every page the table spans.
 */
import type { Block, Inline } from '../../model/model.js';
import type { Doc } from './faces.js';
import { breakLines, inlineWidths, type InlineEnvironment, type Line, type LineDrawer } from './lines.js';
import type { PageFlow } from './page-flow.js';
import { COLORS, TABLE_CELL_PADDING, TABLE_CELL_STYLE, type TextStyle } from './styles.js';

type TableBlock = Extract<Block, { type: 'table' }>;

interface LaidRow {
  cells: Line[][];
  height: number;
  notes: number[];
  isHeader: boolean;
}

const HEADER_STYLE: TextStyle = { ...TABLE_CELL_STYLE, bold: true };

/**
 * Column widths in the manner of browsers' automatic table layout: columns get their one-line
 * width when everything fits, otherwise their longest word plus a share of the rest.
 */
export function columnWidths(table: TableBlock, columns: number, totalWidth: number, env: InlineEnvironment): number[] {
  const padding = 2 * TABLE_CELL_PADDING;
  const min = new Array<number>(columns).fill(padding + 12);
  const max = new Array<number>(columns).fill(padding + 12);
  const consider = (cells: readonly Inline[][], style: TextStyle): void => {
    cells.forEach((cell, i) => {
      const widths = inlineWidths(cell, style, env);
      min[i] = Math.max(min[i] ?? 0, widths.min + padding);
      max[i] = Math.max(max[i] ?? 0, widths.max + padding);
    });
  };
  if (table.header !== null) consider(table.header, HEADER_STYLE);
  for (const row of table.rows) consider(row, TABLE_CELL_STYLE);
  // An unbreakable word wider than an even share (a long URL) is split rather than starving the
  // other columns.
  const evenShare = totalWidth / columns;
  for (let i = 0; i < columns; i++) min[i] = Math.min(min[i] ?? 0, evenShare);
  const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
  const sumMax = sum(max);
  const sumMin = sum(min);
  if (sumMax <= totalWidth) return max.map((w) => w + ((totalWidth - sumMax) * w) / sumMax);
  if (sumMin >= totalWidth) return min.map((w) => (totalWidth * w) / sumMin);
  const slack = sumMax - sumMin;
  return min.map((w, i) => w + ((totalWidth - sumMin) * ((max[i] ?? w) - w)) / slack);
}

export class TableRenderer {
  constructor(
    private readonly doc: Doc,
    private readonly flow: PageFlow,
    private readonly drawer: LineDrawer,
    private readonly env: InlineEnvironment,
  ) {}

  render(table: TableBlock): void {
    const columns = Math.max(1, table.header?.length ?? 0, ...table.rows.map((row) => row.length));
    const widths = columnWidths(table, columns, this.flow.frame.width, this.env);
    const layRow = (cells: readonly Inline[][], isHeader: boolean): LaidRow => {
      const laid = widths.map((width, i) =>
        breakLines(cells[i] ?? [], isHeader ? HEADER_STYLE : TABLE_CELL_STYLE, width - 2 * TABLE_CELL_PADDING, this.env));
      const height = Math.max(...laid.map(cellHeight)) + 2 * TABLE_CELL_PADDING;
      return { cells: laid, height, notes: laid.flat().flatMap((line) => line.notes), isHeader };
    };
    const header = table.header === null ? undefined : layRow(table.header, true);
    const rows = table.rows.map((cells) => layRow(cells, false));

    if (header !== undefined) this.placeRow(header, widths, undefined, rows[0]?.height ?? 0);
    for (const row of rows) this.placeRow(row, widths, header, 0);
  }

  private placeRow(row: LaidRow, widths: number[], header: LaidRow | undefined, keep: number): void {
    const flow = this.flow;
    const capacity = flow.fullPageHeight - (header?.height ?? 0);
    if (row.height <= capacity) {
      if (!flow.atPageTop && !flow.fits(row.height, row.notes, keep)) {
        flow.newPage();
        if (header !== undefined) this.drawWhole(header, widths);
      }
      this.drawWhole(row, widths, keep);
      return;
    }
    this.drawSplit(row, widths, header);
  }

  private drawWhole(row: LaidRow, widths: number[], keep = 0): void {
    const top = this.flow.take(row.height, row.notes, keep);
    this.drawCells(row, row.cells, widths, top, row.height);
  }

  /** A row taller than a page: its cells continue on the next page(s), line by line. */
  private drawSplit(row: LaidRow, widths: number[], header: LaidRow | undefined): void {
    const flow = this.flow;
    const next = row.cells.map(() => 0);
    const done = (): boolean => row.cells.every((lines, i) => (next[i] ?? 0) >= lines.length);
    while (!done()) {
      const room = flow.available - 2 * TABLE_CELL_PADDING;
      const chunk = row.cells.map((lines, i) => {
        const taken: Line[] = [];
        let height = 0;
        let index = next[i] ?? 0;
        for (; index < lines.length; index++) {
          const line = lines[index];
          if (line === undefined || (height + line.height > room && (taken.length > 0 || !flow.atPageTop))) break;
          taken.push(line);
          height += line.height;
        }
        next[i] = index;
        return taken;
      });
      if (chunk.every((lines) => lines.length === 0)) {
        flow.newPage();
        if (header !== undefined) this.drawWhole(header, widths);
        continue;
      }
      const height = Math.max(...chunk.map(cellHeight)) + 2 * TABLE_CELL_PADDING;
      const top = flow.take(height, chunk.flat().flatMap((line) => line.notes), 0, true);
      this.drawCells(row, chunk, widths, top, height);
      if (!done()) {
        flow.newPage();
        if (header !== undefined) this.drawWhole(header, widths);
      }
    }
  }

  private drawCells(row: LaidRow, cells: Line[][], widths: number[], top: number, height: number): void {
    const { doc } = this;
    let x = this.flow.frame.left;
    widths.forEach((width, i) => {
      if (row.isHeader) {
        doc.save().rect(x, top, width, height).fill(COLORS.tableHeader).restore();
        this.drawer.reset();
      }
      doc.save().lineWidth(0.5).strokeColor(COLORS.rule).rect(x, top, width, height).stroke().restore();
      let y = top + TABLE_CELL_PADDING;
      for (const line of cells[i] ?? []) {
        this.drawer.draw(line, x + TABLE_CELL_PADDING, y);
        y += line.height;
      }
      x += width;
    });
  }
}

function cellHeight(lines: readonly Line[]): number {
  let height = 0;
  for (const line of lines) height += line.height;
  return height;
}
