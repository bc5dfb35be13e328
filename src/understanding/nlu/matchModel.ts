// Which catalogue model a message names. Aliases come from catalog.yaml; strings in
// `not_aliases` (宝马X5, Audi S3 …) are masked out first so the alias inside them cannot
// hit. When no alias is named, a descriptor ("纯电", "EV", "MPV", "插混SUV") picks the model if
// exactly one model fits it — derived from the data, so a second EV in the catalogue
// makes "电车" ambiguous instead of wrong.
import type { CatalogModelData } from '../../storeData/storeDataSchema.js';
import { normalizeText } from './normalizeText.js';

interface Descriptor {
  words: string[];
  fits: (model: CatalogModelData) => boolean;
}

const BRAND_PREFIXES = ['星耀', 'xingyao'];

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
  { words: ['七座', '7座', 'seven-seat', 'seven seat', '7-seat', '7 seat'], fits: (m) => m.seats === 7 },
];

interface CompiledCatalogue {
  notAliases: RegExp[];
  aliases: { id: string; pattern: RegExp }[];
}

// Alias patterns are built once per catalogue (the bot passes the same models array on
// every message), not once per message.
const compiledCatalogues = new WeakMap<CatalogModelData[], CompiledCatalogue>();

const DESCRIPTOR_PATTERNS = DESCRIPTORS.map((descriptor) => ({
  pattern: new RegExp(descriptor.words.map((word) => bounded(termSource(word), word, word)).join('|')),
  fits: descriptor.fits,
}));

export function matchModel(text: string, models: CatalogModelData[]): string | null {
  const catalogue = compile(models);
  const masked = catalogue.notAliases.reduce((t, pattern) => t.replace(pattern, (m) => ' '.repeat(m.length)), normalizeText(text));
  return matchAlias(masked, catalogue) ?? matchDescriptors(masked, models);
}

function compile(models: CatalogModelData[]): CompiledCatalogue {
  let catalogue = compiledCatalogues.get(models);
  if (!catalogue) {
    catalogue = {
      notAliases: models.flatMap(notAliasPatterns),
      aliases: models.flatMap((model) => aliasForms(model).map((alias) => ({ id: model.id, pattern: new RegExp(bounded(termSource(alias), alias, alias)) }))),
    };
    compiledCatalogues.set(models, catalogue);
  }
  return catalogue;
}

/** Other brands' cars to blank out: the not_aliases themselves and, from their brand part,
 * looser forms of them (宝马 X5, 奥迪的S3, bmw's x5). */
function notAliasPatterns(model: CatalogModelData): RegExp[] {
  const aliases = model.aliases.map(normalizeText);
  return model.not_aliases.map(normalizeText).map((notAlias) => {
    const alias = aliases.filter((a) => notAlias.endsWith(a)).sort((a, b) => b.length - a.length)[0];
    const brand = alias ? notAlias.slice(0, -alias.length).trim() : '';
    const source = brand ? `${termSource(brand)}\\s*(?:的|'s)?\\s*${termSource(alias)}` : termSource(notAlias);
    return new RegExp(bounded(source, brand || notAlias, alias || notAlias), 'g');
  });
}

/** The model whose alias appears first; longer aliases win at the same place. */
function matchAlias(text: string, catalogue: CompiledCatalogue): string | null {
  let best: { index: number; length: number; id: string } | null = null;
  for (const { id, pattern } of catalogue.aliases) {
    const m = pattern.exec(text);
    if (m && (!best || m.index < best.index || (m.index === best.index && m[0].length > best.length))) {
      best = { index: m.index, length: m[0].length, id };
    }
  }
  return best?.id ?? null;
}

/** Every alias, the names, and model codes without the brand (星耀 M8 → m8). Descriptive
 * aliases keep the brand (星耀电车): bare 电车 goes through the descriptor check. */
function aliasForms(model: CatalogModelData): string[] {
  const forms = [...model.aliases, model.name.zh, model.name.en].map(normalizeText);
  for (const form of [...forms]) {
    for (const brand of BRAND_PREFIXES) {
      const rest = form.startsWith(brand) ? form.slice(brand.length).trim() : '';
      if (/\d/.test(rest)) forms.push(rest);
    }
  }
  return [...new Set(forms)];
}

/** Every descriptor named narrows the candidates ("插混SUV" → the only PHEV SUV). */
function matchDescriptors(text: string, models: CatalogModelData[]): string | null {
  let candidates: CatalogModelData[] | null = null;
  for (const descriptor of DESCRIPTOR_PATTERNS) {
    if (descriptor.pattern.test(text)) candidates = (candidates ?? models).filter(descriptor.fits);
  }
  return candidates?.length === 1 ? candidates[0].id : null;
}

/** Regex source for a term: spaces match any spacing, a space is optional where Latin
 * meets Han (E6 标续 = E6标续), and a space or hyphen is allowed between a model code's
 * letter and digit (x 5 = X5, e-6 = E6). */
function termSource(term: string): string {
  return [...term]
    .map((ch, i) => {
      const escaped = ch === ' ' ? '\\s*' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const next = term[i + 1];
      const switchesScript = next !== undefined && ch !== ' ' && next !== ' ' && isLatin(ch) !== isLatin(next);
      // Model codes get typed spaced or hyphenated: x 5, E-6, S 3.
      const letterThenDigit = next !== undefined && /[a-z]/.test(ch) && /\d/.test(next);
      return switchesScript ? `${escaped}\\s*` : letterThenDigit ? `${escaped}(?:\\s?-?\\s?)` : escaped;
    })
    .join('');
}

/** Latin-edged terms need word edges, so x5 does not hit inside x50 or "ev" in "every". */
function bounded(source: string, first: string, last: string): string {
  const start = isLatin(first[0]) ? '(?<![a-z0-9])' : '';
  const end = isLatin(last[last.length - 1]) ? '(?![a-z0-9])' : '';
  return `${start}(?:${source})${end}`;
}

function isLatin(ch: string): boolean {
  return /[a-z0-9]/.test(ch);
}
