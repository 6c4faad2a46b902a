import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CHART_FONT_FAMILY,
  CHART_WIDTH,
  chartHeight,
  missingGlyphs,
  registerChartFonts,
  renderRankingChart,
  type RankingChartInput,
} from '../../src/render/chart.ts';

const TOWNSHIPS = [
  '城关镇', '经济开发区', '东关镇', '西河乡', '南湖镇', '北山乡', '龙泉镇', '石门镇', '白沙乡', '青山镇',
  '柳河镇', '马坊乡', '黄土坡镇', '新店镇', '大王庄乡', '卧龙镇', '杨家坪乡', '桃园镇', '三岔河镇', '生态环境局',
];

const chart = (n: number): RankingChartInput => ({
  title: '乡镇综合得分排名',
  subtitle: '截至 2025-06-18 · 按综合得分排序',
  valueSuffix: '分',
  bars: Array.from({ length: n }, (_, i) => ({
    label: TOWNSHIPS[i % TOWNSHIPS.length]!,
    value: Math.round((98.5 - i * 2.3) * 10) / 10,
    color: i < n / 2 ? 'green' : i < (n * 4) / 5 ? 'yellow' : 'red',
  })),
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

const dir = mkdtempSync(path.join(tmpdir(), 'duban-chart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderRankingChart', () => {
  it('renders 20 township bars as a PNG 900 px wide', async () => {
    const png = await renderRankingChart(chart(20));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: chartHeight(20, true) });
    // It decodes, and is not a blank page.
    const image = await loadImage(png);
    expect([image.width, image.height]).toEqual([CHART_WIDTH, chartHeight(20, true)]);
    writeFileSync(path.join(dir, 'chart-20.png'), png);
  });

  it('grows in height with the number of bars', async () => {
    const heights = [];
    for (const n of [1, 5, 20, 40]) heights.push(pngSize(await renderRankingChart(chart(n))).height);
    for (let i = 1; i < heights.length; i++) expect(heights[i]!).toBeGreaterThan(heights[i - 1]!);
    // Linear in the bar count: the same height for every row.
    expect((heights[3]! - heights[2]!) / 20).toBe((heights[2]! - heights[1]!) / 15);
  });

  it('copes with no bars, odd values, no subtitle and long names', async () => {
    const png = await renderRankingChart({
      title: '部门综合得分排名',
      bars: [
        { label: '县自然资源和规划局（林业和草原管理）', value: 120 },
        { label: '水利局', value: -5, color: 'red' },
        { label: '应急管理局', value: Number.NaN },
      ],
    });
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH, height: chartHeight(3, false) });
    expect(pngSize(await renderRankingChart({ title: '空', bars: [] })).width).toBe(CHART_WIDTH);
  });
});

describe('chart font', () => {
  const texts = [...TOWNSHIPS, chart(20).title, chart(20).subtitle!, '分', '%', '…', '–', '0123456789.', '部门综合得分排名', '县自然资源和规划局（林业）'];

  it('has a glyph for every character the digest charts use', () => {
    expect(missingGlyphs(texts.join(''))).toEqual([]);
  });

  it('reports characters it lacks, so the check above can fail', () => {
    expect(missingGlyphs('城\u{E000}关\u{10FFFD}')).toEqual(['\u{E000}', '\u{10FFFD}']);
  });

  it('is what the renderer draws with: CJK labels measure one em a character', () => {
    registerChartFonts();
    const ctx = createCanvas(10, 10).getContext('2d');
    ctx.font = `100px "${CHART_FONT_FAMILY}"`;
    for (const label of TOWNSHIPS) expect(ctx.measureText(label).width).toBeCloseTo([...label].length * 100, 0);
  });

  it('draws real glyphs, not boxes: distinct characters give distinct pixels, none like the missing-glyph box', () => {
    registerChartFonts();
    const draw = (ch: string) => {
      const canvas = createCanvas(48, 48);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 48, 48);
      ctx.fillStyle = '#000';
      ctx.font = `40px "${CHART_FONT_FAMILY}"`;
      ctx.textBaseline = 'middle';
      ctx.fillText(ch, 4, 24);
      return Buffer.from(ctx.getImageData(0, 0, 48, 48).data).toString('base64');
    };
    const tofu = draw('\u{E000}');
    const chars = [...new Set(TOWNSHIPS.join(''))];
    const drawn = new Set(chars.map(draw));
    expect(drawn.size).toBe(chars.length);
    expect(drawn.has(tofu)).toBe(false);
  });
});

describe('a zero score', () => {
  it('still gets a red stub at the start of its bar, so the units furthest behind do not look empty', async () => {
    const input = (value: number): RankingChartInput => ({ title: '乡镇综合得分排名', valueSuffix: '分', bars: [{ label: '大屯镇', value: 100, color: 'green' }, { label: '城关镇', value, color: 'red' }] });
    const zero = await loadImage(await renderRankingChart(input(0)));
    const canvas = createCanvas(zero.width, zero.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(zero, 0, 0);
    // Where the green bar (100) starts every bar starts; just right of it, the zero row is drawn red.
    const { data, width, height } = ctx.getImageData(0, 0, zero.width, zero.height);
    const at = (x: number, y: number) => data.slice((y * width + x) * 4, (y * width + x) * 4 + 3);
    const isGreen = ([r, g, b]: Uint8ClampedArray) => g! > 120 && r! < 100 && b! < 140;
    const isRed = ([r, g, b]: Uint8ClampedArray) => r! > 180 && g! < 120 && b! < 120;
    let barX = width;
    for (let y = 0; y < height; y++) for (let x = 0; x < barX; x++) if (isGreen(at(x, y))) barX = x;
    expect(barX).toBeLessThan(width / 2);
    const reds = Array.from({ length: height }, (_, y) => y).filter((y) => isRed(at(barX + 2, y)));
    expect(reds.length).toBeGreaterThan(5);
  });
});
