/**
 * Bar chart images for the leadership digest: one horizontal bar per unit, drawn with Skia
 * (@napi-rs/canvas) in Noto Sans SC, which comes from npm (@expo-google-fonts/noto-sans-sc, OFL-1.1; see
 * chart-fonts.ts) so Chinese renders the same on every machine whatever fonts it has installed.
 */
import { readFileSync } from 'node:fs';
import { GlobalFonts, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { chartFontPath } from './chart-fonts.ts';

type BarColor = 'red' | 'yellow' | 'green';

export interface RankingChartInput {
  title: string;
  subtitle?: string;
  /** Drawn top to bottom in the order given. */
  bars: { label: string; /** a 0..100 score */ value: number; color?: BarColor }[];
  /** Printed after each value, e.g. '分' or '%'. */
  valueSuffix?: string;
}

/** The family name the chart registers its fonts under; nothing else in the process uses it. */
export const CHART_FONT_FAMILY = 'Duban Chart SC';

export const CHART_WIDTH = 900;
/** The bar drawn for a value of zero, in px. */
const STUB = 6;

let registered = false;

/** Registers the chart's fonts with Skia once per process; throws if a font file is missing or unreadable. */
export function registerChartFonts(): void {
  if (registered) return;
  for (const weight of ['regular', 'bold'] as const) {
    const file = chartFontPath(weight);
    if (GlobalFonts.registerFromPath(file, CHART_FONT_FAMILY) === null) throw new Error(`chart font did not load: ${file}`);
  }
  registered = true;
}

// --- glyph coverage, read from the font's own cmap so the answer cannot come from an installed fallback font ---

let cmapRanges: Uint32Array | undefined; // [start0, end0, start1, end1, ...], sorted

function readCmap(font: Buffer): Uint32Array {
  const numTables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    if (font.toString('latin1', rec, rec + 4) === 'cmap') cmap = font.readUInt32BE(rec + 8);
  }
  if (cmap < 0) throw new Error('font has no cmap table');
  const subtables = font.readUInt16BE(cmap + 2);
  for (let i = 0; i < subtables; i++) {
    const rec = cmap + 4 + 8 * i;
    const [platform, encoding] = [font.readUInt16BE(rec), font.readUInt16BE(rec + 2)];
    const at = cmap + font.readUInt32BE(rec + 4);
    const format = font.readUInt16BE(at);
    if (format === 12 && (platform === 0 || (platform === 3 && encoding === 10))) {
      const groups = font.readUInt32BE(at + 12);
      const ranges = new Uint32Array(groups * 2);
      for (let g = 0; g < groups; g++) {
        ranges[2 * g] = font.readUInt32BE(at + 16 + 12 * g);
        ranges[2 * g + 1] = font.readUInt32BE(at + 20 + 12 * g);
      }
      return ranges;
    }
  }
  throw new Error('font has no format 12 Unicode cmap subtable');
}

function fontHas(codePoint: number): boolean {
  cmapRanges ??= readCmap(readFileSync(chartFontPath('regular')));
  let [lo, hi] = [0, cmapRanges.length / 2 - 1];
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (codePoint < cmapRanges[2 * mid]!) hi = mid - 1;
    else if (codePoint > cmapRanges[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The distinct characters of `text` that the chart font has no glyph for (whitespace and controls aside). */
export function missingGlyphs(text: string): string[] {
  const missing = new Set<string>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || /\s/u.test(ch) || (cp >= 0xfe00 && cp <= 0xfe0f)) continue; // controls, spaces, variation selectors
    if (!fontHas(cp)) missing.add(ch);
  }
  return [...missing];
}

// --- layout and drawing ---

const PAD = 32;
const TITLE_PX = 34;
const SUBTITLE_PX = 22;
const LABEL_PX = 26;
const VALUE_PX = 24;
const ROW = 44; // row pitch
const BAR = 28; // bar thickness
const LABEL_MAX = 290; // longer unit names are cut with an ellipsis
const GAP = 14;

const COLORS: Record<BarColor | 'none', string> = {
  red: '#e5484d',
  yellow: '#f2a516',
  green: '#2f9e6b',
  none: '#3b82c4',
};

const font = (px: number, weight: 400 | 700 = 400) => `${weight} ${px}px "${CHART_FONT_FAMILY}"`;


/** `text` cut to at most `max` px wide with a trailing ellipsis. */
function fit(ctx: SKRSContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text;
  const chars = [...text];
  let [lo, hi] = [0, chars.length];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(chars.slice(0, mid).join('') + '…').width <= max) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('') + '…';
}

/** Image height for `bars` rows, with or without a subtitle. */
export function chartHeight(bars: number, subtitle: boolean): number {
  return headerHeight(subtitle) + Math.max(bars, 1) * ROW + PAD;
}

const headerHeight = (subtitle: boolean) => PAD + TITLE_PX + 12 + (subtitle ? SUBTITLE_PX + 10 : 0) + 14;

/** A PNG ranking chart: horizontal bars in the order given, each value printed at its bar's end. */
export async function renderRankingChart(input: RankingChartInput): Promise<Buffer> {
  registerChartFonts();
  const suffix = input.valueSuffix ?? '';
  const hasSubtitle = Boolean(input.subtitle);
  const width = CHART_WIDTH;
  const height = chartHeight(input.bars.length, hasSubtitle);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.lang = 'zh-CN';
  ctx.textBaseline = 'middle';

  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);

  // Header
  ctx.textAlign = 'left';
  ctx.fillStyle = '#111827';
  ctx.font = font(TITLE_PX, 700);
  let y = PAD + TITLE_PX / 2;
  ctx.fillText(fit(ctx, input.title, width - 2 * PAD), PAD, y);
  if (hasSubtitle) {
    ctx.fillStyle = '#6b7280';
    ctx.font = font(SUBTITLE_PX);
    y += TITLE_PX / 2 + 12 + SUBTITLE_PX / 2;
    ctx.fillText(fit(ctx, input.subtitle!, width - 2 * PAD), PAD, y);
  }
  const top = headerHeight(hasSubtitle);

  // Columns: labels right-aligned against the bars; room kept after the longest bar for its value.
  ctx.font = font(LABEL_PX);
  const labels = input.bars.map((b) => fit(ctx, b.label, LABEL_MAX));
  const labelWidth = Math.ceil(Math.max(LABEL_PX * 2, ...labels.map((l) => ctx.measureText(l).width)));
  ctx.font = font(VALUE_PX, 700);
  const decimals = input.bars.some((b) => Number.isFinite(b.value) && !Number.isInteger(b.value)) ? 1 : 0;
  const values = input.bars.map((b) => (Number.isFinite(b.value) ? b.value.toFixed(decimals) + suffix : '–'));
  const valueWidth = Math.ceil(Math.max(ctx.measureText('100' + suffix).width, ...values.map((v) => ctx.measureText(v).width)));
  const barX = PAD + labelWidth + GAP;
  const barSpan = width - PAD - valueWidth - 10 - barX;
  const rowsBottom = top + Math.max(input.bars.length, 1) * ROW;

  // Zebra rows, then grid lines at every 25 points.
  ctx.fillStyle = '#f4f6f8';
  for (let i = 1; i < input.bars.length; i += 2) ctx.fillRect(PAD / 2, top + i * ROW, width - PAD, ROW);
  ctx.strokeStyle = '#dfe3e8';
  ctx.lineWidth = 1;
  for (const tick of [0, 25, 50, 75, 100]) {
    const x = Math.round(barX + (barSpan * tick) / 100) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, rowsBottom);
    ctx.stroke();
  }

  input.bars.forEach((bar, i) => {
    const mid = top + i * ROW + ROW / 2;
    const score = Number.isFinite(bar.value) ? Math.min(100, Math.max(0, bar.value)) : 0;
    // A zero still gets a stub, so the units furthest behind do not look like empty rows.
    const len = Number.isFinite(bar.value) ? Math.max(STUB, (barSpan * score) / 100) : 0;

    ctx.textAlign = 'right';
    ctx.fillStyle = '#1f2937';
    ctx.font = font(LABEL_PX);
    ctx.fillText(labels[i]!, barX - GAP, mid);

    ctx.fillStyle = COLORS[bar.color ?? 'none'];
    if (len > 0) {
      ctx.beginPath();
      ctx.roundRect(barX, mid - BAR / 2, len, BAR, [0, 5, 5, 0]);
      ctx.fill();
    }

    ctx.textAlign = 'left';
    ctx.fillStyle = '#111827';
    ctx.font = font(VALUE_PX, 700);
    ctx.fillText(values[i]!, barX + len + 8, mid);
  });

  return canvas.encode('png');
}
