// The trade's everyday words for each kind of objection, as customers say them in a
// showroom: general vocabulary (贵, 别家, 商量, 老婆, 续航, 保值, 利息, 估价, 随便看看 …), not
// the wording of particular sentences. Each cue is a pattern on normalizeText output
// (simplified Chinese, lower case) and the weight it gives one or more objection ids;
// the weights of every cue found are added (an id's total is capped), so "对面便宜" is
// competitor-cheaper more than price-too-high. Retrieval over the playbook's own
// phrasings (classifyObjection) is added on top.
//   strong (1.0): the word alone says which objection it is (保值, 利息, 随便看看);
//   medium (0.6): usually that objection, but shared (便宜, 等, 家里);
//   weak (0.3): a hint that tips a tie (冬天 for range, 网上 for reviews).
// English patterns use word boundaries and cover common inflections.
interface ObjectionCue {
  pattern: RegExp;
  weights: Readonly<Record<string, number>>;
}

const S = 1;
const M = 0.6;
const W = 0.3;
/** one id's total from cues never exceeds this, so a pile of weak words cannot outvote retrieval */
const MAX_CUE_SCORE = 2;

const cue = (pattern: RegExp, weights: Record<string, number>): ObjectionCue => ({ pattern, weights });

export const objectionCues: readonly ObjectionCue[] = [
  // ---- price too high
  cue(
    /太贵|好贵|真贵|挺贵|有点贵|偏贵|贵了|这么贵|那么贵|不便宜|价格高|价位高|价格偏高|价太高|超预算|超出.{0,4}预算|预算.{0,6}(不够|超|有限|不多|只有|之内|以内)|下不去手|掏不起|买不起|负担不起|承受不起|不值|高了.{0,3}[万千]|比我想的高|价太高|太高了/,
    { 'price-too-high': S },
  ),
  cue(/贵/, { 'price-too-high': M }),
  cue(/预算|价位|价格|多少钱|钱/, { 'price-too-high': W }),
  cue(
    /\b(too expensive|(so|very|quite|a bit|rather) (expensive|pricey)|pricey|overpriced|over (my|our|the) budget|over budget|out of (my|our) (price range|budget|league)|can'?t afford|cannot afford|more than i (planned|wanted|expected|can|budgeted)|more money than|too much (money|for)|not worth|too steep|costs? too much)\b/,
    { 'price-too-high': S },
  ),
  cue(/\b(expensive|budget|afford|price range|spend)\b/, { 'price-too-high': M }),
  cue(/(值|配得上|撑得起)这个价|值不值|不值这个|贵在哪|凭什么.{0,4}(贵|这个价)/, { 'price-too-high': S }),
  cue(/\b(worth (the|that|this) (money|price)|is it worth)\b/, { 'price-too-high': M }),
  // ---- competitor cheaper
  cue(
    /别家|别的店|别的牌子|别的品牌|别的车|其他品牌|其他牌子|其它品牌|别人家|人家(那|店|卖|才|的)|隔壁|对面|竞品|同级别?的|同价位|另一款|另外一款|另一家|另一个牌子|别处|外面(卖|报)|网上.{0,4}(卖|报价|才)/,
    { 'competitor-cheaper': M },
  ),
  cue(/便宜|价格低|低多了|更低|少[一两几]?[万千]|优惠(比|更)大|报价(比|更)低/, { 'competitor-cheaper': W, 'price-too-high': W }),
  cue(/(别家|别的店|隔壁|对面|竞品|同级|同价位|另一款|另一家|人家|其他品牌|别的牌子).{0,14}(便宜|低|少|优惠大|划算|实惠)/, { 'competitor-cheaper': S }),
  cue(
    /\b(another brand|other brands?|competitors?|rival|elsewhere|down the road|other dealers?|another dealer(ship)?|the other (dealer|shop|store|place)|similar car|same money|quoted me)\b/,
    { 'competitor-cheaper': M },
  ),
  cue(/\b(cheaper|less|lower price|better price|better deal)\b/, { 'competitor-cheaper': W, 'price-too-high': W }),
  // ---- think it over
  cue(/考虑|想想|想一想|想一下|琢磨|再说吧|再说|回去.{0,4}(想|看|研究)|回家.{0,3}想|不急|不着急|缓缓|过两天|改天再|先这样|再看看吧|想清楚|斟酌|犹豫/, {
    'think-it-over': M,
  }),
  cue(/再考虑|考虑考虑|考虑一下|想想吧|再想想|琢磨琢磨|回家想|回去想/, { 'think-it-over': S }),
  cue(/没想好|还没决定|没决定|拿不定主意|拿不准|定不下来|下不了决心|再看看/, { 'think-it-over': M }),
  cue(/\b(not decided|haven'?t decided|undecided|on the fence|not sure yet|need to decide)\b/, { 'think-it-over': M }),
  cue(
    /\b(think (about|it over|it through|on it)|sleep on|mull|some time|few days|more time|not (ready|sure yet)|let me (think|consider)|need(s)? time|decide later|get back to you|consider(ing)?)\b/,
    { 'think-it-over': M },
  ),
  // ---- ask family
  cue(/老婆|老公|媳妇|太太|爱人|对象|女朋友|男朋友|另一半|家人|家里人|家里|爸妈|父母|我爸|我妈|爸爸|妈妈|孩子他|丈夫|妻子|儿子|女儿/, { 'ask-family': M }),
  cue(/商量|拍板|做主|做不了主|点头|同意|问问|说了算|意见|把关/, { 'ask-family': M, 'think-it-over': W }),
  cue(/\b(wife|husband|partner|spouse|parents|family|mum|mom|dad|father|mother|girlfriend|boyfriend|kids?)\b/, { 'ask-family': M }),
  cue(/\b(talk (it )?over|check with|ask my|discuss|final say|sign off|approve|decide together|see it first)\b/, { 'ask-family': M }),
  // ---- waiting for a price drop
  cue(
    /降价|再降|还会降|还要降|会降|降一降|跌价|价格战|便宜点再|更便宜|再便宜|双十一|双十二|618|黑五|年底|过年|春节|明年|新款|改款|换代|出新|买亏|亏了|买贵|刚买完就/,
    { 'wait-for-price-drop': M },
  ),
  cue(/等.{0,8}(降|便宜|优惠|促销|活动|新款|改款|明年|过年|年底|双十)|(降|便宜).{0,6}再(买|说|来)/, { 'wait-for-price-drop': S }),
  cue(
    /\b(prices? (keep|are|will|might|may) (dropping|drop|fall|falling|come down|go down)|come down|price drops?|price cuts?|wait (for|until|till)|hold off|new model|model year|facelift|next year|black friday|sale later|cheaper later|after the holidays)\b/,
    { 'wait-for-price-drop': M },
  ),
  cue(/\b(wait and see|prices come down|drop in price)\b/, { 'wait-for-price-drop': S }),
  cue(/(有|搞|出|等)(活动|促销)|活动(的时候|再|期间)|下(个)?月.{0,4}(活动|优惠|降)/, { 'wait-for-price-drop': M }),
  cue(/\b(new(er)? version|updated version|next version|new one comes out|waiting for the (new|next))\b/, { 'wait-for-price-drop': M }),
  // ---- brand trust
  cue(
    /没听过|没听说|没怎么听|不知名|不出名|小品牌|新品牌|新牌子|小牌子|小众|杂牌|倒闭|倒了|跑路|靠不靠谱|靠谱吗|靠得住|信不过|信得过|哪家公司|什么牌子|什么品牌|谁家的|没人开|一个开.{0,4}都没有/,
    { 'brand-trust': S },
  ),
  cue(/品牌|牌子|公司|厂家/, { 'brand-trust': M }),
  cue(/(会不会|万一|哪天).{0,6}(没了|倒|黄了|不做了|跑路)|路上.{0,4}(没见过|很少见|看不到)|没见过.{0,4}(开|这车)/, { 'brand-trust': S }),
  cue(/\b(never seen (one|any|it)|nobody drives|no one drives|don'?t see (many|any) on the road)\b/, { 'brand-trust': S }),
  cue(
    /\b(never heard|heard of|unknown brand|new brand|small brand|go(es)? under|going under|bankrupt|be around|still (be )?around|trust (the|this|your) brand|who makes|brand)\b/,
    { 'brand-trust': M },
  ),
  // ---- resale value
  cue(/保值|残值|二手.{0,3}(值|卖|价|好卖|没人|不值)|卖二手|转手|折旧|贬值|掉价|能卖多少|卖多少钱|还能卖|剩几个钱|值几个钱|不值钱|以后卖|换车.{0,4}亏/, {
    'resale-value': S,
  }),
  cue(/二手/, { 'resale-value': M, 'tradein-value-low': W }),
  cue(/能卖几|卖几个钱|卖得掉|卖不掉|好不好卖|不好卖|卖的时候/, { 'resale-value': S }),
  cue(
    /\b(resale|resell|depreciat\w*|lose (its |their )?value|loses value|worth in|worth after|hold (its|their) value|residual|second-hand value|sell it (later|on))\b/,
    { 'resale-value': S },
  ),
  // ---- EV range anxiety
  cue(/续航|没电|亏电|电不够|电够|趴窝|跑长途|长途|远途|跑远|几百公里|公里|实际能跑|能跑多|打对折|打折扣|掉电|里程焦虑/, { 'ev-range-anxiety': M }),
  cue(/续航.{0,6}(焦虑|不够|担心|虚|缩水|掉|打折|不放心|实际)|(电车|电动车|纯电).{0,8}(长途|远途|不放心|心里没底|跑不远)|半路没电|冬天.{0,8}(续航|掉电|电)/, {
    'ev-range-anxiety': S,
  }),
  cue(/冬天|高速|回老家|暖风/, { 'ev-range-anxiety': W }),
  cue(
    /\b(range|run out of (charge|battery|power)|run out|how far|long (trips?|drives?|distance|journeys?)|road trips?|motorway|highway|miles|kilometres|kilometers|in winter|cold weather)\b/,
    { 'ev-range-anxiety': M },
  ),
  // ---- charging inconvenience
  cue(/充电|充电桩|装桩|电桩|家充|快充|慢充|充一次|排队充|充不了|没地方充|桩/, { 'charging-inconvenience': M }),
  cue(
    /(装不了|没法装|不能装|找不到|没有|排队|太慢|麻烦|不方便|等).{0,6}(桩|充电)|(桩|充电).{0,8}(装不了|没法装|不能装|找不到|没有|排队|太慢|太久|麻烦|不方便|耽误|问题)|充.{0,3}电.{0,8}(等|久|慢|麻烦|耽误|排队)|没(有)?(固定)?车位|老小区/,
    { 'charging-inconvenience': S },
  ),
  cue(/\b(charg\w*|chargers?|wallbox|plug in|parking space|charging points?|charge points?)\b/, { 'charging-inconvenience': M }),
  // ---- quality and reliability
  cue(/质量|毛病|故障|可靠|耐用|皮实|异响|自燃|起火|着火|爆炸|坏|返修|召回|做工|品控|安全吗|经不经用/, { 'quality-reliability': M }),
  cue(/(质量|可靠|耐用|皮实).{0,6}(怎么样|如何|行不行|好不好|吗|到底)|老出毛病|毛病多|会不会坏|自燃|起火/, { 'quality-reliability': S }),
  cue(/\b(reliab\w*|break(s|ing)? down|breakdowns|battery fires?|catch(es)? fire|quality (issues|problems)|build quality)\b/, { 'quality-reliability': S }),
  cue(/\b(reliab\w*|quality|break(s)? down|breakdowns?|faults?|defects?|problems?|fires?|catch fire|durable|last|build quality|safe)\b/, {
    'quality-reliability': M,
  }),
  // ---- delivery wait too long
  cue(/提车|交车|交付|现车|到货|配车|等车|排产|订车|排队/, { 'delivery-wait-too-long': M }),
  cue(
    /等.{0,6}(周|星期|礼拜|个?月|天|久|不了|不及|不起)|(几|[一二两三四五六七八九十\d]+)(个)?(周|星期|个月)(才|太|这么|那么|也太|还要|要等)|太久|这么久|那么久|等不了|等不及|急着用车|急用|下(个)?(周|月)就要/,
    { 'delivery-wait-too-long': S },
  ),
  cue(
    /\b(deliver\w*|lead time|in stock|waiting list|weeks?|months?|too long to wait|so long|take so long|need the car (by|before)|need it (by|before)|get it sooner)\b/,
    { 'delivery-wait-too-long': M },
  ),
  // ---- just looking
  cue(/随便看看|随便看|到处看看|到处看|先看看|逛逛|瞅瞅|瞧瞧|看一看|了解一下|先了解|不买|暂时不|不打算买|不用跟|不用介绍|自己看|路过/, { 'just-looking': S }),
  cue(/看看/, { 'just-looking': M }),
  cue(/看一眼|瞄一眼|来看一下|过来看|进来看|先逛|只是看/, { 'just-looking': S }),
  cue(
    /\b(just (browsing|looking)|only (browsing|looking)|browsing|look(ing)? around|having a look|not (planning|going) to buy|no plans to buy|not buying|window shopping|just checking)\b/,
    { 'just-looking': S },
  ),
  // ---- wants extras
  cue(
    /送|赠|白给|脚垫|贴膜|膜|全险|保险|保养|记录仪|装潢|精品|加装|抹零|抹掉|零头|凑个整|额外|再便宜|再优惠|再让|让点|少点|便宜[一二两三四五六七八九十\d几]+[千万百]|打个折/,
    { 'wants-extras': M },
  ),
  cue(/送(点|个|些|啥|什么|套|一套|一年|几次)|有(什么|啥)(送|赠)/, { 'wants-extras': S }),
  cue(
    /(?<!会|会不会|还)(再|多|给我|能不能|可以).{0,4}(送|赠|便宜|优惠|让|减)|(送|赠).{0,6}(就|马上|立马|今天).{0,3}(定|订|签|买)|(就|马上|立马|今天).{0,3}(定|订|签|买).{0,6}(送|赠|便宜)/,
    { 'wants-extras': S },
  ),
  cue(
    /\b(throw in|thrown in|for free|free|extras?|freebies?|floor mats|mats|dash ?cam|tint|window film|knock off|take off|discount|sweeten|add in|include)\b/,
    { 'wants-extras': M },
  ),
  cue(/\b(i'?ll (sign|buy|order)|we have a deal|deal today)\b/, { 'wants-extras': W }),
  // ---- finance interest too high
  cue(/利息|利率|年化|费率|手续费|息/, { 'finance-interest-high': S }),
  cue(/贷款|分期|车贷|按揭|金融|月供|首付|银行/, { 'finance-interest-high': M }),
  cue(/首付.{0,6}(低|高|多|少|降)|月供.{0,6}(高|多|压力|低点|少点)/, { 'finance-interest-high': M }),
  cue(/\b(interest|apr|rates?|loan|finance|financing|fees|monthly payments?|instalments?|installments?)\b/, { 'finance-interest-high': M }),
  // ---- trade-in valuation too low
  cue(/旧车|估价|估值|评估|置换|收车|收购价|车商|二手车商|以旧换新|我的车.{0,6}(值|估|给|才)|我这车/, { 'tradein-value-low': M }),
  cue(/(旧车|估价|估值|评估|置换|收购|车商).{0,10}(低|少|狠|不值|才|太)|(才|只)(给|估).{0,4}[万千]|估.{0,3}(太低|低了|太狠)/, { 'tradein-value-low': S }),
  cue(/\b(trade-?in|trading in|part[- ]exchange|valuation|my (old )?car|offered me|offering|appraisal|used-car dealer|car dealer offered)\b/, {
    'tradein-value-low': M,
  }),
  // ---- negative reviews
  cue(/网上|评论|差评|口碑|论坛|贴吧|投诉|吐槽|短视频|抖音|小红书|懂车帝|汽车之家|微博|视频里|听人说|听说.{0,6}(不好|差|问题|毛病)|有人说|好多人说|都说/, {
    'negative-reviews': M,
  }),
  cue(
    /(网上|评论|论坛|贴吧|短视频|抖音|小红书|懂车帝|汽车之家|微博|好多人|有人|都).{0,10}(说|投诉|吐槽|骂|差评).{0,14}(差|不行|不好|问题|毛病|卡|死机|漏|异响|烂|坑|垃圾)|差评|吐槽/,
    { 'negative-reviews': S },
  ),
  cue(/\b(reviews?|online|forums?|people (say|said|online)|read (that|about|online)|heard (bad|that)|videos?|social media|complaints?|reddit|bad things)\b/, {
    'negative-reviews': M,
  }),
];

interface CueContext {
  /** another brand or its car was named (tokenizeForSearch) */
  otherBrand: boolean;
  concepts: readonly string[];
}

/** The cue score of each objection id for a normalized text. */
export function scoreCues(normalized: string, ctx: CueContext): Map<string, number> {
  const scores = new Map<string, number>();
  const add = (id: string, w: number) => scores.set(id, Math.min(MAX_CUE_SCORE, (scores.get(id) ?? 0) + w));
  for (const c of objectionCues) {
    if (!c.pattern.test(normalized)) continue;
    for (const [id, w] of Object.entries(c.weights)) add(id, w);
  }
  // Another maker named: the comparison is with a competitor, unless the customer is
  // trading that car in.
  if (ctx.otherBrand && !ctx.concepts.includes('tradein')) add('competitor-cheaper', M);
  return scores;
}
