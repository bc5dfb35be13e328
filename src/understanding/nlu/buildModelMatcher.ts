// Which of the store's models a text names: the one matcher behind the booking slot (the
// NLU), the FAQ's search tokens and ranker features, the coach and the practice scenarios,
// so a model a customer names is the same model wherever the text goes.
// Aliases come from catalog.yaml, with each model's names and the code inside them (星耀 M8
// → m8); they match as customers type them: any spacing, a space or none where Latin meets
// Han (E6 标续 = E6标续), a space or hyphen inside a model code (x 5, E-6). The catalog's
// not_aliases (宝马X5, Audi S3…) name other brands' cars: they are blanked out first, also
// spaced or with 的/'s between brand and model, so the "x5" inside "宝马 x5" never counts as
// ours and the caller can tell that another brand's car was named. Matched spans are
// blanked, longest aliases first, so that the words of an alias ("seven-seat SUV") count
// once, as the model, and not again as loose words. A text that names no alias may still
// describe one model ("纯电", "EV", "MPV", "插混SUV"): derived from the data, so a second EV
// in the catalogue makes "电车" ambiguous instead of wrong.
import type { CatalogModelData } from '../../storeData/storeDataSchema.js';
import { readPinyin } from '../search/pinyinTokens.js';
import { normalizeText } from './normalizeText.js';

interface ModelMentions {
  /** catalogue model ids named by an alias, in order of first mention */
  modelIds: string[];
  /** the only model that fits every descriptor the rest of the text names (纯电, MPV, 插混SUV); null when none is named or several models fit */
  describedId: string | null;
  /** true when a not_alias (another brand's car) was named */
  otherBrand: boolean;
  /** the input with the spans of aliases and not_aliases replaced by spaces */
  rest: string;
  /** rest with the descriptors that picked describedId blanked as well (rest when none did): what the text says besides which car */
  restUndescribed: string;
}

/** Takes text already passed through normalizeText. */
export type ModelMatcher = (normalized: string) => ModelMentions;

interface Pattern {
  /** a plain substring of every match, checked first: most texts name no model and regexes are slow */
  needle: string;
  regex: RegExp;
}

interface Descriptor {
  words: string[];
  fits: (model: CatalogModelData) => boolean;
}

const DESCRIPTORS: Descriptor[] = [
  {
    words: ['电车', '纯电', '电动车', '电动汽车', '纯电动', 'ev', 'bev', 'electric', 'battery electric'],
    fits: (m) => m.powertrain.type === 'bev',
  },
  {
    words: ['插混', '插电', 'phev', 'plug-in', 'plug in'],
    fits: (m) => m.powertrain.type === 'phev',
  },
  {
    words: ['油车', '汽油', '燃油', 'petrol', 'gasoline'],
    fits: (m) => m.powertrain.type.includes('petrol'),
  },
  { words: ['mpv', '商务车', '保姆车'], fits: (m) => /\bmpv\b/i.test(m.body.en) },
  { words: ['suv'], fits: (m) => /\bsuv\b/i.test(m.body.en) },
  { words: ['轿车', 'sedan', 'saloon'], fits: (m) => /\bsedan\b/i.test(m.body.en) },
  {
    words: ['七座', '7座', '七人座', 'seven-seat', 'seven seat', '7-seat', '7 seat', '7-seater', '7 seater', 'seven-seater', 'seven seater'],
    fits: (m) => m.seats === 7,
  },
  {
    words: ['五座', '5座', '五人座', 'five-seat', 'five seat', '5-seat', '5 seat', '5-seater', '5 seater', 'five-seater', 'five seater'],
    fits: (m) => m.seats === 5,
  },
  // 混动 alone is any hybrid, with a plug or without; 油电混动 / HEV the ones without
  { words: ['混动', 'hybrid'], fits: (m) => /hev/.test(m.powertrain.type) },
  { words: ['油电混', '油混', 'hev', 'self-charging'], fits: (m) => /(^|_)hev/.test(m.powertrain.type) },
];

const DESCRIPTOR_PATTERNS = DESCRIPTORS.map((descriptor) => ({
  needles: descriptor.words.map((word) => needleOf([word])),
  regex: new RegExp(descriptor.words.map((word) => bounded(termSource(word), word)).join('|')),
  fits: descriptor.fits,
}));

// The bots, the FAQ index and the NLU all pass the store's one models array: its patterns
// are built once, not once per caller or per message.
const matchers = new WeakMap<readonly CatalogModelData[], ModelMatcher>();

/**
 * The models a text is about: those it names, or else the one it describes ("纯电的轿车"),
 * unless it named another brand's car (宝马X5 有纯电的吗: a question about theirs).
 */
export function modelsAbout(mentions: ModelMentions): string[] {
  if (mentions.modelIds.length) return mentions.modelIds;
  return mentions.describedId && !mentions.otherBrand ? [mentions.describedId] : [];
}

export function buildModelMatcher(models: readonly CatalogModelData[]): ModelMatcher {
  let matcher = matchers.get(models);
  if (!matcher) {
    matcher = compileMatcher(models);
    matchers.set(models, matcher);
  }
  return matcher;
}

function compileMatcher(models: readonly CatalogModelData[]): ModelMatcher {
  const aliases = models
    .flatMap((m) => aliasForms(m).map((alias) => ({ modelId: m.id, alias })))
    .sort((a, b) => b.alias.length - a.alias.length)
    .map(({ modelId, alias }) => ({ modelId, needle: needleOf([alias]), regex: new RegExp(bounded(termSource(alias), alias), 'g') }));
  const notAliases = models.flatMap((m) => m.not_aliases.map((notAlias) => loosePattern(normalizeText(notAlias))));

  return (normalized) => {
    let rest = separateGluedCodes(normalized);
    let otherBrand = false;
    for (const { needle, regex } of notAliases) {
      if (!rest.includes(needle)) continue;
      const blanked = rest.replace(regex, blank);
      otherBrand ||= blanked !== rest;
      rest = blanked;
    }
    const found: { modelId: string; at: number }[] = [];
    // Longest aliases first, each match blanked, so "星耀 x5" is not counted twice.
    for (const { modelId, needle, regex } of aliases) {
      if (!rest.includes(needle)) continue;
      rest = rest.replace(regex, (span, at: number) => {
        found.push({ modelId, at });
        return blank(span);
      });
    }
    const modelIds = [...new Set(found.sort((a, b) => a.at - b.at).map((f) => f.modelId))];
    rest = rest.replaceAll(BLANKED, ' ');
    const described = describedModel(rest, models);
    return { modelIds, describedId: described?.id ?? null, otherBrand, rest, restUndescribed: described?.rest ?? rest };
  };
}

/** a model code typed straight into the pinyin after it: "s3duoshaoqianya", "x5jiage" */
const GLUED_CODE = /(?<![a-z0-9])([a-z]{1,2}\d{1,3})([a-z]{4,})(?![a-z0-9])/g;

/** "x7duoshaoqian" → "x7 duoshaoqian" when what follows the code reads as pinyin (not "x5hybrid", not "1.5turbo") */
function separateGluedCodes(text: string): string {
  return text.replace(GLUED_CODE, (glued, code: string, tail: string) => (readPinyin(tail) ? `${code} ${tail}` : glued));
}

/**
 * A model's aliases and names, normalized, and the model code inside them without the
 * brand (星耀 M8, Xingyao M8 → m8): the brand is the first word of a name, so no brand is
 * written into the code. Descriptive aliases keep the brand (星耀电车): a bare 电车 is a
 * descriptor, which one model fits only while it is the only electric one.
 */
function aliasForms(model: CatalogModelData): string[] {
  const forms = [...model.aliases, model.name.zh, model.name.en].map(normalizeText);
  const brands = [model.name.zh, model.name.en].map((name) => normalizeText(name).split(' ')).flatMap((words) => (words.length > 1 ? [words[0]] : []));
  for (const form of [...forms]) {
    for (const brand of brands) {
      const rest = form.startsWith(brand) ? form.slice(brand.length).trim() : '';
      if (/\d/.test(rest)) forms.push(rest);
    }
  }
  return [...new Set(forms)];
}

/** Every descriptor named narrows the candidates ("插混SUV" → the only PHEV SUV); the text without them when one model is left. */
function describedModel(text: string, models: readonly CatalogModelData[]): { id: string; rest: string } | null {
  let candidates: readonly CatalogModelData[] | null = null;
  let rest = text;
  for (const { needles, regex, fits } of DESCRIPTOR_PATTERNS) {
    if (needles.some((needle) => text.includes(needle)) && regex.test(text)) {
      candidates = (candidates ?? models).filter(fits);
      rest = rest.replace(new RegExp(regex.source, 'g'), (span) => ' '.repeat(span.length));
    }
  }
  return candidates?.length === 1 ? { id: candidates[0].id, rest } : null;
}

/**
 * What a matched span is blanked with while matching: not a space, which an alias's loose
 * spacing would bridge ("the" + a blanked "xingyao m8" + "mpv" is no "the mpv"); spaces
 * in the returned rest.
 */
const BLANKED = '\u0000';

function blank(span: string): string {
  return BLANKED.repeat(span.length);
}

/**
 * A not_alias also matches as customers type it: "宝马 x5", "宝马的x 5", "bmw's x5". Its
 * brand part and model part may be split by spaces, 的 or 's.
 */
function loosePattern(notAlias: string): Pattern {
  const parts = notAlias.split(/\s+|(?<=\p{Script=Han})(?=[a-z0-9])|(?<=[a-z0-9])(?=\p{Script=Han})/u).filter(Boolean);
  const source = parts.map(termSource).join(`\\s*(?:的|'s)?\\s*`);
  return { needle: needleOf(parts), regex: new RegExp(bounded(source, notAlias), 'g') };
}

/**
 * Regex source for a term: spaces match any spacing, a space is optional where Latin
 * meets Han (E6 标续 = E6标续), and a space or hyphen is allowed between a model code's
 * letter and digit (x 5 = X5, e-6 = E6).
 */
function termSource(term: string): string {
  return [...term]
    .map((ch, i) => {
      const escaped = ch === ' ' ? '\\s*' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const next = term[i + 1];
      const switchesScript = next !== undefined && ch !== ' ' && next !== ' ' && isLatin(ch) !== isLatin(next);
      const letterThenDigit = next !== undefined && /[a-z]/.test(ch) && /\d/.test(next);
      return switchesScript ? `${escaped}\\s*` : letterThenDigit ? `${escaped}(?:\\s?-?\\s?)` : escaped;
    })
    .join('');
}

/** The longest piece that every match of termSource(term) for these terms spells as written. */
function needleOf(terms: string[]): string {
  const pieces = terms.flatMap((term) => term.split(/\s+|(?<=[a-z])(?=\d)|(?<=[a-z0-9])(?=[^a-z0-9])|(?<=[^a-z0-9])(?=[a-z0-9])/));
  return pieces.reduce((longest, piece) => (piece.length > longest.length ? piece : longest), '');
}

/** Latin-edged terms need word edges, so x5 does not hit inside x50 or "ev" in "every". */
function bounded(source: string, term: string): string {
  const start = isLatin(term[0]) ? '(?<![a-z0-9])' : '';
  const end = isLatin(term[term.length - 1]) ? '(?![a-z0-9])' : '';
  return `${start}(?:${source})${end}`;
}

function isLatin(ch: string): boolean {
  return /[a-z0-9]/.test(ch);
}
