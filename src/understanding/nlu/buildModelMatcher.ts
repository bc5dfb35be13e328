// Finds which of the store's models a text names, by the catalog's aliases (or, when it
// names none, by a description that fits one model only: findDescribedModel). The catalog's
// not_aliases (宝马X5, Audi S3…) name other brands' cars: they are blanked out first, so
// the "x5" inside "宝马x5" never counts as our X5, and the caller can tell that another
// brand's car was named. Matched spans are blanked so that the words of an alias
// ("seven-seat SUV") count once, as the model, and not again as loose words.
import { normalizeText } from './normalizeText.js';
import type { CatalogModelData } from '../../storeData/storeDataSchema.js';
import { buildDescribedModelFinder } from './findDescribedModel.js';
import { wholeTermRegex } from './wholeTermRegex.js';

interface ModelMentions {
  /** catalogue model ids, in order of first mention */
  modelIds: string[];
  /** true when a not_alias (another brand's car) was named */
  otherBrand: boolean;
  /** the input with the spans of aliases and not_aliases replaced by spaces */
  rest: string;
}

/** Takes text already passed through normalizeText. */
export type ModelMatcher = (normalized: string) => ModelMentions;

interface Pattern {
  /** a plain substring of every match, checked first: most texts name no model and regexes are slow */
  needle: string;
  regex: RegExp;
}

export function buildModelMatcher(models: readonly CatalogModelData[]): ModelMatcher {
  const aliases = models
    .flatMap((m) => m.aliases.map((alias) => ({ modelId: m.id, alias: normalizeText(alias) })))
    .sort((a, b) => b.alias.length - a.alias.length)
    .map(({ modelId, alias }) => ({ modelId, needle: alias, regex: wholeTermRegex(alias) }));
  const notAliases = models.flatMap((m) => m.not_aliases.map((alias) => loosePattern(normalizeText(alias))));
  const describedModel = buildDescribedModelFinder(models);

  return (normalized) => {
    let rest = normalized;
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
    // no model named: one described ("纯电的轿车") counts as named
    const described = modelIds.length || otherBrand ? null : describedModel(rest);
    if (described) modelIds.push(described);
    return { modelIds, otherBrand, rest };
  };
}

function blank(span: string): string {
  return ' '.repeat(span.length);
}

/**
 * A not_alias also matches as customers type it: "宝马 x5", "宝马的x5", "bmw's x5". Its
 * brand part and model part may be split by spaces, 的 or 's.
 */
function loosePattern(notAlias: string): Pattern {
  const parts = notAlias.split(/\s+|(?<=\p{Script=Han})(?=[a-z0-9])|(?<=[a-z0-9])(?=\p{Script=Han})/u).filter(Boolean);
  const sources = parts.map((part) => wholeTermRegex(part).source);
  return { needle: parts[0], regex: new RegExp(sources.join(`\\s*(?:的|'s)?\\s*`), 'gu') };
}
