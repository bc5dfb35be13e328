// Customers often name a car by what it is rather than by its name: "七座SUV那台", "你们那
// 个纯电的轿车", "the plug-in sedan". The catalogue says each model's seats, body and
// powertrain, so a description that fits exactly one model names it. A description that
// fits several ("七座的": the X7 and the M8) names none: which one is the customer's to say.
import type { CatalogModelData } from '../../storeData/storeDataSchema.js';

type Trait = 'suv' | 'sedan' | 'mpv' | 'bev' | 'phev' | 'hev' | 'hybrid' | 'petrol' | `seats${number}`;

/** What a text says about the car, each with the traits a model must have to fit it. */
const DESCRIPTORS: { pattern: RegExp; traits: Trait[] }[] = [
  { pattern: /suv/, traits: ['suv'] },
  { pattern: /轿车|\bsedan\b|\bsaloon\b/, traits: ['sedan'] },
  { pattern: /mpv|商务车|保姆车|\bminivan\b|\bpeople carrier\b/, traits: ['mpv'] },
  { pattern: /纯电|电动车|电车|\bb?ev\b|\b(?:fully|all|pure)[- ]electric\b|\belectric (?:car|sedan|one|model|version)\b/, traits: ['bev'] },
  { pattern: /插混|插电|phev|plug-?in/, traits: ['phev'] },
  { pattern: /油电混|油混|\bhev\b|self-?charging/, traits: ['hev'] },
  { pattern: /(?<!油电|插电式)混动|\bhybrid\b/, traits: ['hybrid'] },
  { pattern: /燃油|汽油|油车|\bpetrol\b|\bgasoline\b/, traits: ['petrol'] },
];

const SEATS = /([2-9]|[二两三四五六七八九])\s*(?:人)?座|\b([2-9])[- ]?seat(?:er|s)?\b|\b(five|seven|six)[- ]seat(?:er|s)?\b/;
const SEAT_WORDS: Record<string, number> = { 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, five: 5, six: 6, seven: 7 };

function traitsOf(model: CatalogModelData): Set<Trait> {
  const body = model.body.en.toLowerCase();
  const traits = new Set<Trait>([`seats${model.seats}` as Trait]);
  if (body.includes('suv')) traits.add('suv');
  if (body.includes('sedan')) traits.add('sedan');
  if (body.includes('mpv')) traits.add('mpv');
  const power = model.powertrain.type;
  if (power === 'bev') traits.add('bev');
  if (power.includes('phev')) traits.add('phev').add('hybrid');
  if (/(^|_)hev/.test(power)) traits.add('hev').add('hybrid');
  if (power.includes('petrol')) traits.add('petrol');
  return traits;
}

/** Takes text already passed through normalizeText; returns the one model described, or null. */
export type DescribedModelFinder = (normalized: string) => string | null;

export function buildDescribedModelFinder(models: readonly CatalogModelData[]): DescribedModelFinder {
  const catalogue = models.map((m) => ({ id: m.id, traits: traitsOf(m) }));
  return (normalized) => {
    const wanted: Trait[] = DESCRIPTORS.filter((d) => d.pattern.test(normalized)).flatMap((d) => d.traits);
    const seats = SEATS.exec(normalized);
    if (seats) {
      const word = seats[1] ?? seats[2] ?? seats[3]!;
      wanted.push(`seats${SEAT_WORDS[word] ?? Number(word)}`);
    }
    if (!wanted.length) return null;
    const fitting = catalogue.filter((m) => wanted.every((t) => m.traits.has(t)));
    return fitting.length === 1 ? fitting[0]!.id : null;
  };
}
