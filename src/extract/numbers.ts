// Numbers and dates as the article writes them: 7票, 三分之二, 第十三屆, 2005年11月29日, 2005年秋天.

import type { DateValue } from './facts.ts';

const DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  二: 2,
  兩: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** A Chinese-numeral or ASCII-digit whole number below 100 (十, 十三, 二十一, 八, 13); undefined if not one. */
export function parseChineseNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === '') return undefined;
  const ten = text.indexOf('十');
  if (ten === -1) return text.length === 1 && text in DIGITS ? DIGITS[text] : undefined;
  if (text.indexOf('十', ten + 1) !== -1) return undefined;
  const tensText = text.slice(0, ten);
  const onesText = text.slice(ten + 1);
  const tens = tensText === '' ? 1 : tensText.length === 1 ? DIGITS[tensText] : undefined;
  const ones = onesText === '' ? 0 : onesText.length === 1 ? DIGITS[onesText] : undefined;
  if (tens === undefined || ones === undefined || tens === 0) return undefined;
  return tens * 10 + ones;
}

/** Characters that may make up a number in the article's prose. */
export const NUMERAL_CHARS = '0-9〇零一二兩两三四五六七八九十';

const SEASONS: Record<string, DateValue['season']> = { 春: 'spring', 夏: 'summer', 秋: 'autumn', 冬: 'winter' };

/** Pattern for a date: 2005年, 2005年11月, 2005年11月29日, 2005年秋天 / 2005年秋. */
export const DATE_PATTERN = String.raw`(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?|([春夏秋冬])天?)?`;

export type DateParse = { ok: true; value: DateValue } | { ok: false; reason: string };

/** Parse the groups of DATE_PATTERN, checking month and day ranges. */
export function parseDateGroups(year: string, month?: string, day?: string, season?: string): DateParse {
  const value: DateValue = { year: Number(year) };
  if (month !== undefined) {
    const m = Number(month);
    if (m < 1 || m > 12) return { ok: false, reason: `month ${m} is not between 1 and 12` };
    value.month = m;
  }
  if (day !== undefined) {
    const d = Number(day);
    const last = new Date(Date.UTC(value.year, value.month!, 0)).getUTCDate();
    if (d < 1 || d > last)
      return { ok: false, reason: `day ${d} is not in ${value.year}-${pad(value.month!)} (1–${last})` };
    value.day = d;
  }
  if (season !== undefined) value.season = SEASONS[season];
  return { ok: true, value };
}

/** ISO form: 2005, 2005-11, 2005-11-29 (season-only dates give the year). */
export function formatDate(date: DateValue): string {
  let text = String(date.year).padStart(4, '0');
  if (date.month !== undefined) text += `-${pad(date.month)}`;
  if (date.day !== undefined) text += `-${pad(date.day)}`;
  return text;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
