/**
 * The statement as a PDF (pdf-lib, DejaVu Sans embedded as a subset): a header band with the platform, the kind and the period,
 * the investor's wallet and reference, the summary per currency, the holdings, the transactions and the holder votes
 * when there are any (for the tax summary: income, capital returned when there is any, and disposals), and on every page a footer with the page number and how to verify the file.
 * Deterministic: no automatic metadata; the dates are the period's end, the producer and the file ID are fixed,
 * so the same content always gives the same bytes (and the same SHA-256).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, PDFHexString, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { HoldingLine, StatementContent } from "./content.ts";
import {
  formatAmount,
  formatIrr,
  KIND_TITLES,
  ownVote,
  proposalTitle,
  TRANSACTION_LABELS,
  voteResult,
  voteTallies,
} from "./format.ts";

const PAGE: [number, number] = [842, 595]; // A4 landscape, points
const MARGIN = 40;
const BOTTOM = 56;
const NAVY = rgb(0.09, 0.16, 0.29);
const GREY = rgb(0.42, 0.45, 0.5);
const RULE = rgb(0.85, 0.87, 0.9);
const SHADE = rgb(0.94, 0.95, 0.97);

/**
 * DejaVu Sans (npm `dejavu-fonts-ttf`, pinned): Latin, Greek and Cyrillic, so names that managers write in those
 * scripts print as written (the standard PDF fonts cover WinAnsi only). Read once per process; embedded as a subset
 * of the glyphs used under a fixed name (pdf-lib would add a random tag), so the bytes stay deterministic.
 */
const FONTS = (() => {
  const require = createRequire(import.meta.url);
  return {
    regular: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf")),
    bold: readFileSync(require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf")),
  };
})();

interface Column {
  title: string;
  width: number;
  align?: "left" | "right";
}

class Writer {
  readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  private readonly charset: Set<number>;

  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
    private readonly bold: PDFFont,
    private readonly content: StatementContent,
  ) {
    this.charset = new Set(font.getCharacterSet());
    this.newPage();
  }

  /** Text the font has glyphs for: anything else (CJK, Arabic, emoji) becomes "?". */
  clean(text: string): string {
    return [...text].map((c) => (this.charset.has(c.codePointAt(0)!) ? c : "?")).join("");
  }

  /** Cut to `width` points with an ellipsis. */
  fit(text: string, width: number, size: number, font = this.font): string {
    let t = this.clean(text);
    if (font.widthOfTextAtSize(t, size) <= width) return t;
    while (t.length > 1 && font.widthOfTextAtSize(`${t}...`, size) > width) t = t.slice(0, -1);
    return `${t}...`;
  }

  private newPage(): void {
    this.page = this.doc.addPage(PAGE);
    this.pages.push(this.page);
    const [w, h] = PAGE;
    const c = this.content;
    this.page.drawRectangle({ x: 0, y: h - 64, width: w, height: 64, color: NAVY });
    this.page.drawText(c.platform, { x: MARGIN, y: h - 40, size: 22, font: this.bold, color: rgb(1, 1, 1) });
    const title = `${KIND_TITLES[c.kind]} ${c.label}`;
    const size = 14;
    this.page.drawText(this.clean(title), {
      x: w - MARGIN - this.bold.widthOfTextAtSize(title, size),
      y: h - 34,
      size,
      font: this.bold,
      color: rgb(1, 1, 1),
    });
    const sub = `Period ${c.from} to ${c.to}`;
    this.page.drawText(sub, {
      x: w - MARGIN - this.font.widthOfTextAtSize(sub, 9),
      y: h - 50,
      size: 9,
      font: this.font,
      color: rgb(0.8, 0.85, 0.92),
    });
    this.y = h - 90;
  }

  private room(height: number): void {
    if (this.y - height < BOTTOM) this.newPage();
  }

  line(text: string, options: { size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; gap?: number } = {}) {
    const size = options.size ?? 9;
    this.room(size + 4);
    this.page.drawText(this.fit(text, PAGE[0] - 2 * MARGIN, size, options.bold ? this.bold : this.font), {
      x: MARGIN,
      y: this.y,
      size,
      font: options.bold ? this.bold : this.font,
      color: options.color ?? rgb(0.1, 0.1, 0.12),
    });
    this.y -= size + (options.gap ?? 5);
  }

  section(title: string): void {
    this.room(40);
    this.y -= 8;
    this.line(title, { size: 12, bold: true, color: NAVY, gap: 4 });
    this.page.drawLine({
      start: { x: MARGIN, y: this.y + 2 },
      end: { x: PAGE[0] - MARGIN, y: this.y + 2 },
      thickness: 1,
      color: NAVY,
    });
    this.y -= 8;
  }

  table(columns: Column[], rows: string[][], empty: string): void {
    const header = () => {
      this.room(18);
      this.page.drawRectangle({
        x: MARGIN,
        y: this.y - 5,
        width: PAGE[0] - 2 * MARGIN,
        height: 16,
        color: SHADE,
      });
      this.cells(
        columns,
        columns.map((c) => c.title),
        this.bold,
        7.5,
      );
      this.y -= 16;
    };
    header();
    if (rows.length === 0) {
      this.line(empty, { color: GREY });
      return;
    }
    for (const row of rows) {
      if (this.y - 14 < BOTTOM) {
        this.newPage();
        header();
      }
      this.cells(columns, row, this.font, 8);
      this.page.drawLine({
        start: { x: MARGIN, y: this.y - 5 },
        end: { x: PAGE[0] - MARGIN, y: this.y - 5 },
        thickness: 0.5,
        color: RULE,
      });
      this.y -= 14;
    }
    this.y -= 4;
  }

  private cells(columns: Column[], values: string[], font: PDFFont, size: number): void {
    let x = MARGIN + 4;
    columns.forEach((c, i) => {
      const text = this.fit(values[i] ?? "", c.width - 8, size, font);
      const dx = c.align === "right" ? c.width - 8 - font.widthOfTextAtSize(text, size) : 0;
      this.page.drawText(text, { x: x + dx, y: this.y, size, font, color: rgb(0.1, 0.1, 0.12) });
      x += c.width;
    });
  }

  footers(): void {
    const c = this.content;
    this.pages.forEach((page, i) => {
      page.drawLine({ start: { x: MARGIN, y: 40 }, end: { x: PAGE[0] - MARGIN, y: 40 }, thickness: 0.5, color: RULE });
      const note =
        "The SHA-256 of this file is recorded by Freehold: anyone holding it can confirm it is genuine at /documents/check.";
      page.drawText(note, { x: MARGIN, y: 28, size: 7.5, font: this.font, color: GREY });
      const right = `${c.platform} · ${KIND_TITLES[c.kind]} ${c.label} · page ${i + 1} of ${this.pages.length}`;
      const text = this.clean(right);
      page.drawText(text, {
        x: PAGE[0] - MARGIN - this.font.widthOfTextAtSize(text, 7.5),
        y: 16,
        size: 7.5,
        font: this.font,
        color: GREY,
      });
      page.drawText(`Wallet ${c.wallet}`, { x: MARGIN, y: 16, size: 7.5, font: this.font, color: GREY });
    });
  }
}

/** The default class reads "Default"; another class shows the start of its bytes32 id. */
const className = (partition: string) => (/^0x0{64}$/.test(partition) ? "Default" : `${partition.slice(0, 10)}...`);

/** An amount in the statement's unit (units of 10^-decimals), labelled with what it is in: a coin or a currency. */
const money = (v: bigint | null, label: string, decimals: number) =>
  v === null ? "n/a" : `${formatAmount(v, decimals)} ${label}`.trim();

/** What a holding's NAV figures are in: the property's currency (valuation), or the coin once sold. */
const navLabel = (h: HoldingLine) => (h.navBasis === "sale" ? h.coin : h.currency);

function summary(w: Writer, c: StatementContent): void {
  w.line(`Wallet: ${c.wallet}`, { bold: true });
  w.line(`Investor reference: ${c.investorRef}`);
  const notes = [
    "Amounts paid and received are in the coin they were paid in, named with each amount.",
    "NAV per unit and value at NAV are in the property's currency (its latest approved valuation); once a property is sold, in the coin: what its units redeem for.",
    "A gain at NAV counts one unit of the coin as one unit of the currency: the platform applies no exchange rate.",
    ...(c.severalCoins
      ? [
          "A holding traded in several coins (named 'A+B') adds amounts of those coins, each counted as one unit of the currency (no exchange rate).",
        ]
      : []),
    `Rounded to the cent; the CSV gives them exactly, in units of 10^-${c.amountDecimals} (each coin's base units converted with its own decimals).`,
  ];
  for (const [i, text] of notes.entries()) w.line(text, { color: GREY, gap: i === notes.length - 1 ? 8 : 3 });
  for (const u of c.unpriced)
    w.line(
      `${u.property} (${u.symbol}): amounts unknown, its payment coin ${u.coin || u.token} did not tell its decimals; it is in no totals.`,
      { color: GREY },
    );
  w.section("Summary");
  const tax = c.kind === "TAX_ANNUAL";
  w.table(
    [
      { title: "Currency / coin", width: 62 },
      { title: tax ? "Income received" : "Income in period", width: 90, align: "right" },
      { title: tax ? "Realized gains" : "Realized gain in period", width: 104, align: "right" },
      { title: tax ? "Capital returned" : "Capital returned in period", width: 112, align: "right" },
      { title: "Cost basis at end", width: 96, align: "right" },
      { title: "Value at NAV", width: 110, align: "right" },
      { title: "Unrealized gain", width: 86, align: "right" },
      { title: "IRR since first inv.", width: 102, align: "right" },
    ],
    c.totals.map((t) => [
      `${t.currency} / ${t.coin}`,
      money(t.incomeInPeriod, t.coin, c.amountDecimals),
      money(t.realizedInPeriod, t.coin, c.amountDecimals),
      money(t.capitalReturnedInPeriod, t.coin, c.amountDecimals),
      money(t.costBasis, t.coin, c.amountDecimals),
      [
        t.valueAtNav === null ? null : money(t.valueAtNav, t.currency, c.amountDecimals),
        t.unredeemed === null ? null : `${money(t.unredeemed, t.coin, c.amountDecimals)} to redeem`,
      ]
        .filter((x) => x !== null)
        .join(" + ") || "n/a",
      money(t.unrealizedGain, t.unredeemed !== null && t.valueAtNav === null ? t.coin : t.currency, c.amountDecimals),
      formatIrr(t.irr),
    ]),
    "No holdings and no transactions in this period.",
  );
}

function holdings(w: Writer, c: StatementContent): void {
  w.section(`Holdings at ${c.to}`);
  w.table(
    [
      { title: "Property", width: 102 },
      { title: "Class", width: 46 },
      { title: "Units", width: 40, align: "right" },
      { title: "Ownership", width: 54, align: "right" },
      { title: "Cost basis", width: 86, align: "right" },
      { title: "NAV / unit", width: 66, align: "right" },
      { title: "Value at NAV", width: 82, align: "right" },
      { title: "Unrealized", width: 78, align: "right" },
      { title: "Income", width: 74, align: "right" },
      { title: "Capital returned", width: 82, align: "right" },
      { title: "IRR", width: 52, align: "right" },
    ],
    c.holdings.map((h) => [
      `${h.property} (${h.symbol})`,
      className(h.partition),
      h.units.toString(),
      h.ownershipPercent === null ? "n/a" : `${h.ownershipPercent} %`,
      money(h.costBasis, h.coin, c.amountDecimals),
      money(h.navPerUnit, navLabel(h), c.amountDecimals),
      money(h.valueAtNav, navLabel(h), c.amountDecimals),
      money(h.unrealizedGain, navLabel(h), c.amountDecimals),
      money(h.incomeInPeriod, h.coin, c.amountDecimals),
      money(h.capitalReturnedInPeriod, h.coin, c.amountDecimals),
      formatIrr(h.irr),
    ]),
    "No holdings.",
  );
}

function transactions(w: Writer, c: StatementContent): void {
  w.section("Transactions in the period");
  w.table(
    [
      { title: "Date", width: 70 },
      { title: "Type", width: 110 },
      { title: "Property", width: 200 },
      { title: "Units", width: 60, align: "right" },
      { title: "Amount", width: 130, align: "right" },
      { title: "Transaction", width: 192 },
    ],
    c.transactions.map((t) => [
      t.date,
      TRANSACTION_LABELS[t.kind],
      `${t.property} (${t.symbol})`,
      t.units === 0n ? "" : t.units.toString(),
      money(t.amount, t.coin, c.amountDecimals),
      `${t.txHash.slice(0, 18)}...${t.txHash.slice(-6)}`,
    ]),
    "No transactions in this period.",
  );
}

/** Holder votes opened or decided in the period; no section when there are none. */
function votes(w: Writer, c: StatementContent): void {
  if (c.votes.length === 0) return;
  w.section("Holder votes");
  w.table(
    [
      { title: "Property", width: 116 },
      { title: "Vote", width: 34, align: "right" },
      { title: "Kind", width: 194 },
      { title: "Opened", width: 58 },
      { title: "Ends", width: 58 },
      { title: "Result", width: 56 },
      { title: "For / against / abstain", width: 150 },
      { title: "Your vote (weight)", width: 96 },
    ],
    c.votes.map((v) => [
      `${v.property} (${v.symbol})`,
      `#${v.proposalId}`,
      proposalTitle(v, c.amountDecimals),
      v.openedOn,
      v.endsOn,
      voteResult(v),
      voteTallies(v),
      ownVote(v),
    ]),
    "",
  );
}

function taxTables(w: Writer, c: StatementContent): void {
  w.section("Income received (rent claimed)");
  w.table(
    [
      { title: "Property", width: 400 },
      { title: "Class", width: 120 },
      { title: "Income", width: 242, align: "right" },
    ],
    c.holdings
      .filter((h) => h.incomeInPeriod !== 0n)
      .map((h) => [
        `${h.property} (${h.symbol})`,
        className(h.partition),
        money(h.incomeInPeriod, h.coin, c.amountDecimals),
      ]),
    "No income received in the year.",
  );
  const returned = c.holdings.filter((h) => h.capitalReturnedInPeriod !== 0n);
  if (returned.length > 0) {
    w.section("Capital returned (refinance)");
    w.line("Not income: it lowered the cost basis, and what exceeded the basis is among the realized gains.", {
      color: GREY,
      gap: 8,
    });
    w.table(
      [
        { title: "Property", width: 400 },
        { title: "Class", width: 120 },
        { title: "Capital returned", width: 242, align: "right" },
      ],
      returned.map((h) => [
        `${h.property} (${h.symbol})`,
        className(h.partition),
        money(h.capitalReturnedInPeriod, h.coin, c.amountDecimals),
      ]),
      "",
    );
  }
  w.section("Disposals (average cost)");
  w.table(
    [
      { title: "Date", width: 80 },
      { title: "Property", width: 230 },
      { title: "Units", width: 60, align: "right" },
      { title: "Proceeds", width: 130, align: "right" },
      { title: "Cost removed", width: 130, align: "right" },
      { title: "Gain", width: 132, align: "right" },
    ],
    c.disposals.map((d) => [
      d.date,
      `${d.property} (${d.symbol})`,
      d.units.toString(),
      money(d.proceeds, d.coin, c.amountDecimals),
      money(d.costRemoved, d.coin, c.amountDecimals),
      money(d.gain, d.coin, c.amountDecimals),
    ]),
    "No disposals in the year.",
  );
}

/** The PDF bytes of a statement: identical for identical content. */
export async function renderPdf(content: StatementContent): Promise<Buffer> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const end = new Date(`${content.to}T23:59:59Z`);
  doc.setTitle(`${content.platform} ${KIND_TITLES[content.kind]} ${content.label}`);
  doc.setAuthor(content.platform);
  doc.setCreator(content.platform);
  doc.setProducer(`${content.platform} statements (pdf-lib)`);
  doc.setCreationDate(end);
  doc.setModificationDate(end);
  const id = createHash("sha256")
    .update(`${content.wallet}|${content.kind}|${content.label}`)
    .digest("hex")
    .slice(0, 32)
    .toUpperCase();
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(FONTS.regular, { subset: true, customName: "FreeholdSans" });
  const bold = await doc.embedFont(FONTS.bold, { subset: true, customName: "FreeholdSans-Bold" });
  const w = new Writer(doc, font, bold, content);
  summary(w, content);
  if (content.kind === "TAX_ANNUAL") taxTables(w, content);
  else {
    holdings(w, content);
    transactions(w, content);
    votes(w, content);
  }
  w.footers();
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
