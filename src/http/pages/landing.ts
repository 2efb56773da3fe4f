// The landing page `/`: what ANMC21 is, a timeline of every meeting and a map of the member cities
// (both server-side SVG drawn from the graph), the member list, and where to go next.

import { escapeHtml, renderPage, t, type UiLanguage } from './layout.ts';
import type { CityPoint, LandingData, MeetingPoint } from './landing-data.ts';
import { chooseLabel } from '../../rdf/labels.ts';
import { MAP_HEIGHT, MAP_WIDTH, project } from './map-projection.ts';

/** A link to a resource: where it goes and its label. */
export interface LandingLink {
  iri: string;
  href: string;
  label: string;
}

export interface LandingView {
  title: string;
  description?: string;
  version: string;
  triples: number;
  /** Example resources to start browsing from. */
  examples: LandingLink[];
  dumps: { name: string; href: string; size: number }[];
  alternates: { label: string; href: string; mediaType: string }[];
  lang?: UiLanguage;
  /** Meetings and cities from the graph; absent: no pictures. */
  data?: LandingData;
  /** Land outline path (map-projection.ts). */
  outline?: string;
  /** Path on this server of an IRI. */
  pathFor?: (iri: string) => string | undefined;
}

const INTRO: Record<UiLanguage, string> = {
  en: 'The Asian Network of Major Cities 21 (ANMC21, 亞洲主要都市網) was proposed in 2000 by Tokyo Governor Shintaro Ishihara with the heads of three other major Asian cities, to cooperate on tourism, urban problems, the economy and culture across national borders. Its members held 13 plenary meetings between 2001 and 2014 (no plenary in 2005, after Beijing withdrew); its activities are now suspended. This site publishes what the zh.wikipedia article and a few reviewed public sources say about it as linked data: every fact links to the sentence or reference it comes from.',
  'zh-Hant':
    '亞洲主要都市網（ANMC21）是2000年由東京都知事石原慎太郎與其他三個亞洲國家主要都市首長所發起，聯合亞洲各國大都市，著力於觀光、都市問題、經濟、文化等議題。2001年至2014年間共召開十三屆年會（2005年北京退出後未召開年會），現暫時中止活動。本站將中文維基百科條目及少數經審核的公開資料所述內容發佈為關聯資料：每項事實皆連結至其出處的原文或參考資料。',
  ja: 'アジア大都市ネットワーク21（ANMC21）は、2000年に石原慎太郎東京都知事がアジアの他の3都市の首長とともに提唱し、観光・都市問題・経済・文化の分野で国境を越えて協力するための都市ネットワークです。2001年から2014年までに13回の総会を開き（北京が脱退した2005年は開催されず）、現在は活動を休止しています。このサイトは中国語版ウィキペディアの記事と審査済みの公開資料の内容をリンクトデータとして公開します。すべての事実はその出典の文や参考資料にリンクしています。',
};

const WORDS = {
  plenary: { en: 'plenary meeting', 'zh-Hant': '年會', ja: '総会' },
  extraordinary: { en: 'extraordinary meeting', 'zh-Hant': '臨時會議', ja: '臨時会議' },
  cancelled: { en: 'cancelled', 'zh-Hant': '停辦', ja: '中止' },
  hostUnknown: { en: 'host not named', 'zh-Hant': '主辦城市不詳', ja: '開催都市不明' },
  coFounder: { en: 'co-proposing city (※)', 'zh-Hant': '共同提倡都市（※）', ja: '共同提唱都市（※）' },
  member: { en: 'member', 'zh-Hant': '會員', ja: '会員' },
  withdrawn: { en: 'withdrew', 'zh-Hant': '退出', ja: '脱退' },
  founding: { en: 'founding member', 'zh-Hant': '創始會員', ja: '創設メンバー' },
  joined: { en: 'joined', 'zh-Hant': '加入', ja: '加盟' },
  autumn: { en: 'autumn', 'zh-Hant': '秋', ja: '秋' },
  date: { en: 'Date', 'zh-Hant': '日期', ja: '日付' },
  meeting: { en: 'Meeting', 'zh-Hant': '會議', ja: '会議' },
  host: { en: 'Host', 'zh-Hant': '主辦城市', ja: '開催都市' },
  city: { en: 'City', 'zh-Hant': '城市', ja: '都市' },
  status: { en: 'Membership', 'zh-Hant': '會籍', ja: '会員資格' },
  timelineDesc: {
    en: 'Every meeting in the graph on a time axis: plenary meetings as circles with their ordinal, host city and month, the extraordinary meeting as a diamond, the cancelled meeting as a crossed circle.',
    'zh-Hant':
      '圖中所有會議依時間排列：年會以圓點標示屆次、主辦城市與月份，臨時會議以菱形，停辦的會議以打叉的圓圈表示。',
    ja: 'グラフ中のすべての会議を時間軸に並べたもの。総会は回次・開催都市・月とともに円で、臨時会議はひし形で、中止された会議は×印の円で示す。',
  },
  mapDesc: {
    en: 'The member cities on an outline of Asia: co-proposing cities as large filled circles, other members as circles, members with a dated joining as squares, and the withdrawn city as a crossed hollow circle.',
    'zh-Hant':
      '會員都市在亞洲輪廓圖上的位置：共同提倡都市為大實心圓，其他會員為圓點，有加入日期的會員為方形，已退出的城市為打叉的空心圓。',
    ja: 'アジアの輪郭図上の会員都市：共同提唱都市は大きな塗りつぶし円、その他の会員は円、加盟日のある会員は四角、脱退した都市は×印の白抜き円で示す。',
  },
  browse: { en: 'Start browsing', 'zh-Hant': '開始瀏覽', ja: '閲覧を始める' },
  services: { en: 'Services', 'zh-Hant': '服務', ja: 'サービス' },
} as const satisfies Record<string, Record<UiLanguage, string>>;

const w = (key: keyof typeof WORDS, lang: UiLanguage) => WORDS[key][lang];

function ordinalText(n: number | undefined, lang: UiLanguage): string {
  if (n === undefined) return '';
  if (lang === 'zh-Hant') return `第${n}屆`;
  if (lang === 'ja') return `第${n}回`;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Short name of a meeting: "5th plenary meeting (cancelled)", "第5屆年會（停辦）", "extraordinary meeting". */
export function meetingName(m: MeetingPoint, lang: UiLanguage): string {
  const base =
    m.kind === 'extraordinary'
      ? w('extraordinary', lang)
      : `${ordinalText(m.ordinal, lang)}${lang === 'en' ? ' ' : ''}${w('plenary', lang)}`;
  return m.kind === 'cancelled'
    ? `${base}${lang === 'en' ? ` (${w('cancelled', lang)})` : `（${w('cancelled', lang)}）`}`
    : base;
}

function meetingDate(m: MeetingPoint, lang: UiLanguage): string {
  return m.date.length === 4 && m.season === 'Autumn' ? `${m.date} ${w('autumn', lang)}` : m.date;
}

function labelSpan(label: { value: string; lang: string } | undefined, fallback: string): string {
  if (!label) return escapeHtml(fallback);
  return label.lang
    ? `<span lang="${escapeHtml(label.lang)}">${escapeHtml(label.value)}</span>`
    : escapeHtml(label.value);
}

/** Rough text width in px at a font size: wide for CJK, narrow otherwise. */
function textWidth(text: string, size: number): number {
  let width = 0;
  for (const ch of text)
    width += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/.test(ch) ? size : size * 0.58;
  return width;
}

const TL = { width: 940, height: 330, left: 30, right: 30, axis: 165 };

/** The meeting timeline as accessible SVG: one link per meeting, alternating above and below the axis. */
export function renderTimeline(meetings: MeetingPoint[], lang: UiLanguage, pathFor: (iri: string) => string): string {
  if (meetings.length === 0) return '';
  const first = Math.floor(Math.min(...meetings.map((m) => m.when)));
  const last = Math.ceil(Math.max(...meetings.map((m) => m.when)));
  const span = Math.max(1, last - first);
  const x = (when: number) => TL.left + ((when - first) / span) * (TL.width - TL.left - TL.right);
  const ticks: string[] = [];
  for (let year = first; year <= last; year++) {
    ticks.push(
      `<line x1="${x(year).toFixed(1)}" y1="${TL.axis - 4}" x2="${x(year).toFixed(1)}" y2="${TL.axis + 4}" class="tick"/><text x="${x(year).toFixed(1)}" y="${TL.axis + 16}" class="year" text-anchor="middle" aria-hidden="true">${year}</text>`,
    );
  }
  const events = meetings.map((m, i) => {
    const cx = x(m.when);
    const level = i % 4; // 0: above near, 1: below near, 2: above far, 3: below far
    const above = level % 2 === 0;
    const far = level >= 2;
    const stem = far ? 92 : 38;
    const endY = above ? TL.axis - 10 - stem : TL.axis + 22 + stem;
    const host = m.host ? chooseLabel(m.host.labels, lang) : undefined;
    const hostText = host?.value ?? w('hostUnknown', lang);
    const top = m.kind === 'extraordinary' ? w('extraordinary', lang) : ordinalText(m.ordinal, lang);
    const lines = [top, hostText, meetingDate(m, lang)];
    const firstLineY = above ? endY - 2 * 14 : endY + 12;
    const anchor = cx < 60 ? 'start' : cx > TL.width - 60 ? 'end' : 'middle';
    // The accessible name starts with the visible text (WCAG 2.5.3), then says what kind of meeting it is.
    const name = `${lines.join(' ')}, ${meetingName(m, lang)}`;
    const marker =
      m.kind === 'extraordinary'
        ? `<path d="M${cx.toFixed(1)} ${TL.axis - 9}l9 9-9 9-9-9z" class="mark extraordinary"/>`
        : m.kind === 'cancelled'
          ? `<circle cx="${cx.toFixed(1)}" cy="${TL.axis}" r="7.5" class="mark cancelled"/><path d="M${(cx - 5).toFixed(1)} ${TL.axis - 5}l10 10m0-10l-10 10" class="cross"/>`
          : `<circle cx="${cx.toFixed(1)}" cy="${TL.axis}" r="7" class="mark plenary"/>`;
    return `<a href="${escapeHtml(pathFor(m.iri))}" class="event" data-kind="${m.kind}" data-date="${escapeHtml(m.date)}" aria-label="${escapeHtml(name)}">
<title>${escapeHtml(name)}</title>
<line x1="${cx.toFixed(1)}" y1="${above ? TL.axis - 9 : TL.axis + 9}" x2="${cx.toFixed(1)}" y2="${(above ? endY + 4 : endY - 8).toFixed(1)}" class="stem ${m.kind}"/>
${marker}
<text x="${cx.toFixed(1)}" y="${firstLineY.toFixed(1)}" text-anchor="${anchor}" class="label ${m.kind}" aria-hidden="true">${lines
      .map(
        (line, j) =>
          `<tspan x="${cx.toFixed(1)}" dy="${j === 0 ? 0 : 14}"${j === 1 && host?.lang ? ` lang="${escapeHtml(host.lang)}"` : ''}${j === 0 ? ' class="ordinal"' : ''}>${escapeHtml(line)}</tspan>`,
      )
      .join(' ')}</text>
</a>`;
  });
  const title = `${t('timeline', lang)}: ${meetings.length} ${t('meetings', lang)}`;
  return `<svg class="timeline" viewBox="0 0 ${TL.width} ${TL.height}" role="group" aria-labelledby="timeline-title" aria-describedby="timeline-desc" xmlns="http://www.w3.org/2000/svg">
<title id="timeline-title">${escapeHtml(title)}</title>
<desc id="timeline-desc">${escapeHtml(w('timelineDesc', lang))}</desc>
<line x1="${TL.left - 10}" y1="${TL.axis}" x2="${TL.width - TL.right + 10}" y2="${TL.axis}" class="axis"/>
${ticks.join('\n')}
${events.join('\n')}
</svg>`;
}

type Box = { x: number; y: number; w: number; h: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The member map as accessible SVG: the land outline, one link per city, labels placed to avoid overlaps. */
export function renderMap(
  cities: CityPoint[],
  outline: string,
  lang: UiLanguage,
  pathFor: (iri: string) => string,
): string {
  const placed: Box[] = [];
  const located = cities.filter((c) => c.lat !== undefined && c.long !== undefined);
  for (const c of located) {
    const [cx, cy] = project(c.long!, c.lat!);
    placed.push({ x: cx - 7, y: cy - 7, w: 14, h: 14 });
  }
  const marks = located.map((c) => {
    const [cx, cy] = project(c.long!, c.lat!);
    const label = chooseLabel(c.labels, lang);
    const name = label?.value ?? c.iri;
    const withdrawn = c.withdrawn.length > 0;
    const kind = withdrawn ? 'withdrawn' : c.coFounder ? 'co-founder' : c.joined ? 'joined' : 'member';
    const note = withdrawn
      ? `${w('withdrawn', lang)} ${[...c.withdrawn].sort().join(' / ')}`
      : c.joined
        ? `${w('joined', lang)} ${c.joined.slice(0, 7)}`
        : '';
    const text = note ? `${name} (${note})` : name;
    const status = [
      c.coFounder ? w('coFounder', lang) : '',
      c.foundingMember ? w('founding', lang) : '',
      note || (withdrawn ? '' : w('member', lang)),
    ]
      .filter(Boolean)
      .join(', ');
    const size = 13;
    const width = textWidth(text, size);
    const candidates: Box[] = [
      { x: cx + 10, y: cy - 8, w: width, h: 16 },
      { x: cx - 10 - width, y: cy - 8, w: width, h: 16 },
      { x: cx - width / 2, y: cy - 28, w: width, h: 16 },
      { x: cx - width / 2, y: cy + 10, w: width, h: 16 },
      { x: cx + 10, y: cy + 6, w: width, h: 16 },
      { x: cx - 10 - width, y: cy + 6, w: width, h: 16 },
      { x: cx + 10, y: cy - 22, w: width, h: 16 },
      { x: cx - 10 - width, y: cy - 22, w: width, h: 16 },
    ].filter((b) => b.x >= 2 && b.x + b.w <= MAP_WIDTH - 2 && b.y >= 2 && b.y + b.h <= MAP_HEIGHT - 2);
    const box = candidates.find((b) => !placed.some((p) => overlaps(b, p))) ??
      candidates[0] ?? { x: cx + 10, y: cy - 8, w: width, h: 16 };
    placed.push(box);
    const marker =
      kind === 'withdrawn'
        ? `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="6.5" class="city withdrawn"/><path d="M${(cx - 4.5).toFixed(1)} ${(cy - 4.5).toFixed(1)}l9 9m0-9l-9 9" class="cross"/>`
        : kind === 'joined'
          ? `<rect x="${(cx - 5.5).toFixed(1)}" y="${(cy - 5.5).toFixed(1)}" width="11" height="11" class="city joined"/>`
          : `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="${kind === 'co-founder' ? 7.5 : 5.5}" class="city ${kind}"/>`;
    return `<a href="${escapeHtml(pathFor(c.iri))}" class="city" data-kind="${kind}" aria-label="${escapeHtml(`${text}: ${status}`)}">
<title>${escapeHtml(`${text}: ${status}`)}</title>
${marker}
<text x="${box.x.toFixed(1)}" y="${(box.y + 12.5).toFixed(1)}" class="city-label ${kind}" aria-hidden="true"${label?.lang ? ` lang="${escapeHtml(label.lang)}"` : ''}>${escapeHtml(text)}</text>
</a>`;
  });
  const title = `${t('map', lang)}: ${located.length} ${t('members', lang)}`;
  return `<svg class="map" viewBox="0 0 ${MAP_WIDTH} ${MAP_HEIGHT}" role="group" aria-labelledby="map-title" aria-describedby="map-desc" xmlns="http://www.w3.org/2000/svg">
<title id="map-title">${escapeHtml(title)}</title>
<desc id="map-desc">${escapeHtml(w('mapDesc', lang))}</desc>
<defs><clipPath id="map-frame"><rect width="${MAP_WIDTH}" height="${MAP_HEIGHT}"/></clipPath></defs>
<rect width="${MAP_WIDTH}" height="${MAP_HEIGHT}" class="sea"/>
<path d="${outline}" class="land" clip-path="url(#map-frame)" aria-hidden="true"/>
${marks.join('\n')}
</svg>`;
}

function legendIcon(svg: string): string {
  return `<svg width="20" height="20" viewBox="-10 -10 20 20" aria-hidden="true" focusable="false">${svg}</svg>`;
}

/** The landing page `/`. */
export function renderLandingPage(v: LandingView): string {
  const lang = v.lang ?? 'en';
  const pathFor = (iri: string) => v.pathFor?.(iri) ?? iri;
  const data = v.data;
  const meetings = data?.meetings ?? [];
  const cities = data?.cities ?? [];
  const meetingRows = meetings
    .map((m) => {
      const host = m.host ? chooseLabel(m.host.labels, lang) : undefined;
      return `<tr class="${m.kind}"><td>${escapeHtml(meetingDate(m, lang))}</td><td><a href="${escapeHtml(pathFor(m.iri))}">${escapeHtml(meetingName(m, lang))}</a></td><td>${
        m.host
          ? `<a href="${escapeHtml(pathFor(m.host.iri))}">${labelSpan(host, m.host.iri)}</a>`
          : `<span class="muted">${escapeHtml(w('hostUnknown', lang))}</span>`
      }</td></tr>`;
    })
    .join('\n');
  const cityRows = cities
    .map((c) => {
      const label = chooseLabel(c.labels, lang);
      const status =
        [
          c.coFounder ? w('coFounder', lang) : '',
          c.foundingMember ? w('founding', lang) : '',
          c.joined ? `${w('joined', lang)} ${c.joined}` : '',
          c.withdrawn.length ? `${w('withdrawn', lang)} ${[...c.withdrawn].sort().join(' / ')}` : '',
        ]
          .filter(Boolean)
          .join(', ') || w('member', lang);
      return `<tr${c.withdrawn.length ? ' class="withdrawn"' : ''}><td>${c.listPosition ?? '—'}</td><td><a href="${escapeHtml(pathFor(c.iri))}">${labelSpan(label, c.iri)}</a></td><td><a href="${escapeHtml(pathFor(c.membership))}">${escapeHtml(status)}</a></td></tr>`;
    })
    .join('\n');

  const pictures = data
    ? `<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">${escapeHtml(t('timeline', lang))}</h2>
<figure class="timeline">
${renderTimeline(meetings, lang, pathFor)}
<figcaption><ul class="legend">
<li>${legendIcon('<circle r="7" class="mark plenary"/>')} ${escapeHtml(w('plenary', lang))}</li>
<li>${legendIcon('<path d="M0 -9l9 9-9 9-9-9z" class="mark extraordinary"/>')} ${escapeHtml(w('extraordinary', lang))}</li>
<li>${legendIcon('<circle r="7.5" class="mark cancelled"/><path d="M-5 -5l10 10m0-10l-10 10" class="cross"/>')} ${escapeHtml(w('cancelled', lang))}</li>
</ul></figcaption>
</figure>
<table class="meetings">
<caption>${escapeHtml(t('meetings', lang))} (${meetings.length})</caption>
<thead><tr><th scope="col">${escapeHtml(w('date', lang))}</th><th scope="col">${escapeHtml(w('meeting', lang))}</th><th scope="col">${escapeHtml(w('host', lang))}</th></tr></thead>
<tbody>
${meetingRows}
</tbody>
</table>
</section>
<section aria-labelledby="map-heading">
<h2 id="map-heading">${escapeHtml(t('members', lang))}</h2>
<figure class="map">
${renderMap(cities, v.outline ?? '', lang, pathFor)}
<figcaption><ul class="legend">
<li>${legendIcon('<circle r="7.5" class="city co-founder"/>')} ${escapeHtml(w('coFounder', lang))}</li>
<li>${legendIcon('<circle r="5.5" class="city member"/>')} ${escapeHtml(w('member', lang))}</li>
<li>${legendIcon('<rect x="-5.5" y="-5.5" width="11" height="11" class="city joined"/>')} ${escapeHtml(w('joined', lang))}</li>
<li>${legendIcon('<circle r="6.5" class="city withdrawn"/><path d="M-4.5 -4.5l9 9m0-9l-9 9" class="cross"/>')} ${escapeHtml(w('withdrawn', lang))}</li>
</ul>
<p class="muted">Outline: Natural Earth 1:50m land (public domain), from the world-atlas package.</p></figcaption>
</figure>
<table class="cities">
<caption>${escapeHtml(t('members', lang))} (${cities.length})</caption>
<thead><tr><th scope="col">#</th><th scope="col">${escapeHtml(w('city', lang))}</th><th scope="col">${escapeHtml(w('status', lang))}</th></tr></thead>
<tbody>
${cityRows}
</tbody>
</table>
</section>`
    : '';

  return renderPage({
    title: v.title,
    lang,
    switchPath: '/',
    head: v.alternates
      .map((a) => `<link rel="alternate" type="${escapeHtml(a.mediaType)}" href="${escapeHtml(a.href)}">`)
      .join('\n'),
    body: `<h1>${escapeHtml(v.title)}</h1>
<p class="intro">${escapeHtml(INTRO[lang])}</p>
${v.description ? `<p>${escapeHtml(v.description)}</p>` : ''}
<p class="muted">Dataset version <code>${escapeHtml(v.version)}</code>, ${v.triples} quads.</p>
${pictures}
<section aria-labelledby="browse-heading">
<h2 id="browse-heading">${escapeHtml(w('browse', lang))}</h2>
<ul>${v.examples.map((e) => `<li><a href="${escapeHtml(e.href)}">${escapeHtml(e.label)}</a></li>`).join('\n')}</ul>
<h2>${escapeHtml(t('dumps', lang))}</h2>
<ul>${v.dumps.map((d) => `<li><a href="${escapeHtml(d.href)}">${escapeHtml(d.name)}</a> <span class="muted">(${d.size} bytes)</span></li>`).join('\n')}</ul>
<h2>${escapeHtml(w('services', lang))}</h2>
<ul><li><a href="/sparql">SPARQL endpoint and query editor</a></li><li><a href="/source">Source article, line by line</a></li><li><a href="/.well-known/void">Dataset description (VoID)</a></li><li><a href="/ontology">Ontology</a></li><li><a href="/context.jsonld">JSON-LD context</a></li></ul>
<p>Formats: ${v.alternates.map((a) => `<a href="${escapeHtml(a.href)}" type="${escapeHtml(a.mediaType)}">${escapeHtml(a.label)}</a>`).join(' · ')}</p>
</section>`,
  });
}
