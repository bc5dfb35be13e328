// The board's chart as a PNG, drawn on the server with pureimage (pure JavaScript: no native
// build, no download at install) and the DejaVu Sans font shipped in the dejavu-fonts-ttf
// package, so it draws the same on a fresh machine without system fonts. DejaVu has no Han
// characters: the image uses English names and labels, and the Slack blocks beside it carry
// the Chinese. Two parts: orders target vs actual per consultant (bars), and the
// month-to-date funnel with its conversions.
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import * as PImage from 'pureimage';
import type { Lang } from '../../core/message.js';
import type { Board } from '../../sales/board/boardTypes.js';
import { METRIC_NAMES, STAGE_NAMES, W, fmtNum, fmtPct, isNum } from './digestWords.js';

const require = createRequire(import.meta.url);
const REGULAR = 'DejaVuSans';
const BOLD = 'DejaVuSansBold';

type Context = ReturnType<ReturnType<typeof PImage.make>['getContext']>;
interface GlyphFont {
  charToGlyphIndex(ch: string): number;
}

let fonts: { regular: GlyphFont } | undefined;

/** Registers and loads the bundled fonts once per process. */
function loadFonts(): { regular: GlyphFont } {
  if (!fonts) {
    const regular = PImage.registerFont(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), REGULAR);
    regular.loadSync();
    PImage.registerFont(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'), BOLD).loadSync();
    fonts = { regular: regular.font as unknown as GlyphFont };
  }
  return fonts;
}

/** Keeps the characters the font can draw (no boxes for Han characters). */
function drawable(text: string, fallback = ''): string {
  const { regular } = loadFonts();
  const kept = Array.from(text)
    .filter((ch) => ch === ' ' || regular.charToGlyphIndex(ch) > 0)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return kept || fallback;
}

const COLORS = {
  background: '#ffffff',
  text: '#1f2933',
  muted: '#6b7785',
  grid: '#e4e7eb',
  target: '#cbd2d9',
  actual: '#2f6fde',
  reached: '#2e9b5f',
  funnel: '#4a90d9',
  warn: '#d9822b',
};

const WIDTH = 960;
const PAD = 28;
const ROW = 30;
const LABEL_W = 190;
const VALUE_W = 150;

function text(
  ctx: Context,
  s: string,
  x: number,
  y: number,
  size: number,
  o: { bold?: boolean; color?: string; align?: 'left' | 'right' | 'center' } = {},
): void {
  ctx.font = `${size}px '${o.bold ? BOLD : REGULAR}'`;
  ctx.fillStyle = o.color ?? COLORS.text;
  const value = drawable(s);
  let dx = 0;
  if (o.align && o.align !== 'left') {
    const w = ctx.measureText(value).width;
    dx = o.align === 'right' ? -w : -w / 2;
  }
  ctx.fillText(value, x + dx, y);
}

function rect(ctx: Context, x: number, y: number, w: number, h: number, color: string): void {
  if (!(w > 0) || !(h > 0)) return;
  ctx.fillStyle = color;
  ctx.fillRect(Math.round(x), Math.round(y), Math.max(1, Math.round(w)), Math.round(h));
}

function scopeTitle(board: Board): string {
  const scope = board.scope.kind === 'store' ? W.store.en : drawable(board.scope.nameEn, board.scope.id);
  return `${W.title.en} - ${scope} - ${board.date}`;
}

/** The chart of a board, as PNG bytes. `lang` is accepted for symmetry; the image is in English (see above). */
export async function renderBoardPng(board: Board, lang: Lang = 'en'): Promise<Buffer> {
  void lang;
  loadFonts();
  const people = board.ranking;
  const stages = board.funnel.monthToDate;
  const barsH = board.empty ? 0 : 56 + Math.max(1, people.length) * ROW + 16;
  const funnelH = board.empty ? 0 : 56 + Math.max(1, stages.length) * ROW + 16;
  const height = Math.round(PAD + 44 + (board.empty ? 80 : barsH + funnelH) + PAD);

  const img = PImage.make(WIDTH, height);
  const ctx = img.getContext('2d');
  rect(ctx, 0, 0, WIDTH, height, COLORS.background);
  let y = PAD + 22;
  text(ctx, scopeTitle(board), PAD, y, 22, { bold: true });
  y += 22;

  if (board.empty) {
    text(ctx, `No data yet for ${board.month.period}.`, WIDTH / 2, y + 48, 18, { color: COLORS.muted, align: 'center' });
    return encode(img);
  }

  // 1. orders: target vs actual per consultant
  y += 34;
  text(ctx, `${METRIC_NAMES.orders.en}: target vs actual, month to date`, PAD, y, 16, { bold: true });
  const legendX = WIDTH - PAD - 230;
  rect(ctx, legendX, y - 11, 14, 12, COLORS.target);
  text(ctx, 'target', legendX + 20, y, 13, { color: COLORS.muted });
  rect(ctx, legendX + 90, y - 11, 14, 12, COLORS.actual);
  text(ctx, 'actual', legendX + 110, y, 13, { color: COLORS.muted });
  y += 14;
  const barX = PAD + LABEL_W;
  const barW = WIDTH - PAD * 2 - LABEL_W - VALUE_W;
  const maxOrders = Math.max(1, ...people.map((p) => Math.max(p.orders, isNum(p.ordersTarget) ? p.ordersTarget : 0)));
  if (!people.length) {
    text(ctx, 'No consultants on this board.', PAD, y + 20, 14, { color: COLORS.muted });
    y += ROW;
  }
  for (const p of people) {
    const rowTop = y + 6;
    text(ctx, drawable(p.nameEn, p.id), PAD, rowTop + 15, 14);
    rect(ctx, barX, rowTop + 20, barW, 1, COLORS.grid);
    if (isNum(p.ordersTarget)) rect(ctx, barX, rowTop, (barW * p.ordersTarget) / maxOrders, 18, COLORS.target);
    const reached = isNum(p.ordersTarget) && p.orders >= p.ordersTarget;
    rect(ctx, barX, rowTop + 4, (barW * p.orders) / maxOrders, 10, reached ? COLORS.reached : COLORS.actual);
    const value = isNum(p.ordersTarget) ? `${fmtNum(p.orders)} / ${fmtNum(p.ordersTarget)} (${fmtPct(p.pct)})` : `${fmtNum(p.orders)} (no target)`;
    text(ctx, value, WIDTH - PAD, rowTop + 15, 14, { align: 'right', color: reached ? COLORS.reached : COLORS.text });
    y += ROW;
  }

  // 2. the month-to-date funnel
  y += 40;
  text(ctx, `${W.funnel.en}, month to date`, PAD, y, 16, { bold: true });
  y += 14;
  const maxCount = Math.max(1, ...stages.map((s) => s.count));
  const weakest = board.bottleneck?.stage;
  for (const s of stages) {
    const rowTop = y + 6;
    text(ctx, STAGE_NAMES[s.stage].en, PAD, rowTop + 15, 14, { bold: s.stage === weakest });
    const w = (barW * s.count) / maxCount;
    rect(ctx, barX + (barW - w) / 2, rowTop, w, 20, s.stage === weakest ? COLORS.warn : COLORS.funnel);
    const conv = isNum(s.conversion) ? ` (${fmtPct(s.conversion)})` : '';
    text(ctx, `${fmtNum(s.count)}${conv}`, WIDTH - PAD, rowTop + 15, 14, { align: 'right', color: s.stage === weakest ? COLORS.warn : COLORS.text });
    y += ROW;
  }
  return encode(img);
}

async function encode(img: ReturnType<typeof PImage.make>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await PImage.encodePNGToStream(img, out);
  return Buffer.concat(chunks);
}
