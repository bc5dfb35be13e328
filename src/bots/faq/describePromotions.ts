// The offers part of an answer: what runs today, and, under its own heading, what starts
// soon with its start date, so a coming offer is never read as available now.
import type { Lang } from '../../core/message.js';
import { formatLocalDate } from '../../core/formatLocalDate.js';
import type { PromotionsOnDate } from '../../sales/offers/selectPromotions.js';

const HEADINGS = {
  active: { zh: '当前可享优惠：', en: 'Offers running now:' },
  upcoming: { zh: '即将开始（尚未生效）：', en: 'Starting soon (not available yet):' },
} as const;

export function describePromotions({ active, upcoming }: PromotionsOnDate, lang: Lang): string {
  const sections: string[] = [];
  if (active.length) {
    const lines = active.map((p) =>
      lang === 'zh'
        ? `· ${p.title.zh}：${p.benefit.zh}（截至 ${formatLocalDate(p.valid_to, lang)}）`
        : `· ${p.title.en}: ${p.benefit.en} (until ${formatLocalDate(p.valid_to, lang)})`,
    );
    sections.push([HEADINGS.active[lang], ...lines].join('\n'));
  }
  if (upcoming.length) {
    const lines = upcoming.map((p) =>
      lang === 'zh'
        ? `· ${p.title.zh}（${formatLocalDate(p.valid_from, lang)} 起）：${p.benefit.zh}`
        : `· ${p.title.en} (from ${formatLocalDate(p.valid_from, lang)}): ${p.benefit.en}`,
    );
    sections.push([HEADINGS.upcoming[lang], ...lines].join('\n'));
  }
  return sections.join('\n');
}
