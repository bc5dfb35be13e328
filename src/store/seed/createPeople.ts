// Fictional customers' names and mainland mobile numbers. Given names come from faker's
// zh_CN (or en) data, seeded; surnames are drawn mostly from the common ones, because
// faker picks evenly from hundreds of rare surnames and a customer list full of 逢 and 甄
// does not look like Shanghai.
import { Faker, base, en, zh_CN } from '@faker-js/faker';
import type { Random } from './createRandom.js';

export type Gender = 'male' | 'female';

export interface Person {
  name: string;
  /** how staff address someone whose full name is not known yet: 王先生, Ms Smith */
  politeName: string;
  gender: Gender;
}

export interface People {
  person(lang: 'zh' | 'en', gender: Gender): Person;
  /** a mobile number not handed out before and not in `taken` */
  mobile(): string;
}

// The most common surnames with rough shares; everything else goes to faker's long list.
const COMMON_SURNAMES: Record<string, number> = {
  王: 7.1,
  李: 7.0,
  张: 6.8,
  刘: 5.4,
  陈: 4.5,
  杨: 3.1,
  黄: 2.5,
  赵: 2.3,
  吴: 2.1,
  周: 2.0,
  徐: 1.7,
  孙: 1.5,
  马: 1.4,
  朱: 1.3,
  胡: 1.3,
  郭: 1.2,
  何: 1.2,
  林: 1.0,
  高: 1.0,
  罗: 0.9,
  郑: 0.9,
  梁: 0.8,
  谢: 0.8,
  宋: 0.7,
  唐: 0.7,
  许: 0.7,
  沈: 0.6,
  曹: 0.6,
  顾: 0.5,
  陆: 0.5,
};
const RARE_SURNAME_SHARE = 12;

// Second digits of mainland mobile numbers, weighted like real allocations (13x, 15x, 18x most).
const MOBILE_SECOND_DIGIT: Record<string, number> = { '3': 30, '5': 25, '8': 25, '7': 8, '9': 8, '6': 3, '4': 1 };

export function createPeople(seed: number, rnd: Random, taken: ReadonlySet<string>): People {
  const zh = new Faker({ locale: [zh_CN, base] });
  const english = new Faker({ locale: [en, base] });
  zh.seed(seed);
  english.seed(seed + 1);
  const surnames = { ...COMMON_SURNAMES, '*': RARE_SURNAME_SHARE };
  const issued = new Set<string>();

  return {
    person(lang, gender) {
      if (lang === 'en') {
        const last = english.person.lastName();
        return {
          name: `${english.person.firstName(gender)} ${last}`,
          politeName: `${gender === 'male' ? 'Mr' : 'Ms'} ${last}`,
          gender,
        };
      }
      const pickedSurname = rnd.weighted(surnames);
      const surname = pickedSurname === '*' ? zh.person.lastName() : pickedSurname;
      return {
        name: surname + zh.person.firstName(gender),
        politeName: surname + (gender === 'male' ? '先生' : '女士'),
        gender,
      };
    },
    mobile() {
      for (;;) {
        let number = '1' + rnd.weighted(MOBILE_SECOND_DIGIT);
        for (let i = 0; i < 9; i++) number += String(rnd.int(0, 9));
        if (!issued.has(number) && !taken.has(number)) {
          issued.add(number);
          return number;
        }
      }
    },
  };
}
