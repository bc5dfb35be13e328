// How customers of a car dealership say the same thing in different words. Each group
// names one concept; every form found in a text (question, tag or FAQ entry) adds the
// concept's term, so "头款" finds the entry written with "首付" and "kids" the one
// written with "children". Forms are matched on normalizeText output (simplified
// Chinese, lower case): Chinese forms as substrings, Latin forms as whole words after
// stemEnglish, so "cancel" also covers "cancelled". A form may sit in several groups
// (绿牌 is a plate and new-energy). The lists are the trade's everyday vocabulary, not
// phrasings of particular questions.
export interface SynonymGroup {
  concept: string;
  forms: readonly string[];
}

export const tradeSynonyms: readonly SynonymGroup[] = [
  {
    concept: 'testdrive',
    forms: ['试驾', '试乘试驾', '试乘', '试车', '试个车', '试一下', '试试', '试开', '开一下', '开一圈', '体验一下', 'test drive', 'test-drive', 'testdrive', 'test driving', 'ride-along', 'ride along', 'demo car'],
  },
  { concept: 'downpayment', forms: ['首付', '头款', '首期', '付多少首', 'down payment', 'downpayment', 'put down', 'deposit down'] },
  {
    concept: 'tradein',
    forms: ['置换', '以旧换新', '旧换新', '旧车', '旧车抵', '旧车换', '老车换', '换购', 'trade-in', 'trade in', 'trading in', 'part exchange', 'part-exchange', 'old car', 'my car worth'],
  },
  {
    concept: 'ev',
    forms: ['电车', '纯电', '新能源', '电动车', '电动汽车', '绿牌', '插混', '插电', 'ev', 'evs', 'bev', 'nev', 'phev', 'electric', 'new-energy', 'new energy', 'plug-in'],
  },
  {
    concept: 'maintenance',
    forms: ['保养', '维护', '养护', '小保养', '大保养', '首保', '换机油', 'service', 'services', 'servicing', 'maintenance', 'oil change'],
  },
  { concept: 'plate', forms: ['上牌', '牌照', '绿牌', '蓝牌', '车牌', '沪牌', '拍牌', '牌照额度', '挂牌', '拍沪牌', 'plate', 'auction', 'plates', 'registration', 'register', 'license plate', 'licence plate'] },
  {
    concept: 'promotion',
    forms: ['优惠', '活动', '促销', '折扣', '打折', '便宜', '便宜点', '降价', '让利', '特价', '减价', '直降', 'deal', 'deals', 'discount', 'discounts', 'offer', 'offers', 'promotion', 'promotions', 'promo', 'promos', 'special'],
  },
  {
    concept: 'loan',
    forms: ['贷款', '分期', '金融', '按揭', '车贷', '月供', '贷', 'loan', 'loans', 'finance', 'financing', 'instalment', 'instalments', 'installment', 'installments', 'monthly payment'],
  },
  {
    concept: 'price',
    forms: ['多少钱', '多钱', '价格', '价钱', '售价', '报价', '价位', '什么价', '啥价', '指导价', '落地价', '最便宜', '入门款', '起步价', '卖多少', 'price', 'prices', 'pricing', 'priced', 'cost', 'costs', 'how much', 'cheapest'],
  },
  {
    concept: 'hours',
    forms: ['营业', '开门', '关门', '几点', '上班', '下班', '开放时间', '营业时间', '营业到', '开到几点', '开着吗', '还开吗', 'open', 'opening', 'opens', 'hours', 'close', 'closing', 'closed'],
  },
  {
    concept: 'location',
    forms: ['地址', '在哪', '在哪里', '在哪儿', '位置', '导航', '定位', '怎么走', '怎么去', '怎么到', 'where', 'address', 'location', 'located', 'directions', 'find you'],
  },
  { concept: 'parking', forms: ['停车', '停车位', '停车场', '车位', '停哪', '地方停', 'parking', 'park', 'car park'] },
  { concept: 'charging', forms: ['充电桩', '充电', '充电站', '快充', '慢充', '家充', '装桩', '电桩', 'charger', 'chargers', 'charging', 'charge', 'wallbox'] },
  { concept: 'range', forms: ['续航', '能跑多少', '能跑多远', '跑多远', '跑多少', '公里数', '里程', 'range', 'how far'] },
  { concept: 'warranty', forms: ['保修', '质保', '保固', '包修', '三包', '终身', 'warranty', 'warranties', 'guarantee', 'covered', 'cover'] },
  { concept: 'complaint', forms: ['投诉', '不满意', '差评', '举报', '维权', '反映', '态度差', '太差', 'complaint', 'complain', 'complaints', 'unhappy', 'dissatisfied'] },
  {
    concept: 'human',
    forms: ['人工', '真人', '客服', '销售顾问', '顾问', '找人', 'human', 'agent', 'person', 'someone', 'salesperson', 'sales consultant', 'consultant', 'representative', 'speak to', 'talk to'],
  },
  { concept: 'delete', forms: ['删除', '注销', '删掉', '清除', '删了', 'delete', 'deleted', 'deletion', 'remove', 'erase', 'erased'] },
  { concept: 'privacy', forms: ['个人信息', '隐私', '资料', '信息', '手机号', 'privacy', 'personal data', 'personal information', 'my data', 'my information'] },
  { concept: 'deposit', forms: ['定金', '订金', '押金', '意向金', 'deposit'] },
  { concept: 'refund', forms: ['退', '退款', '退还', '退钱', 'refund', 'refundable', 'money back'] },
  { concept: 'insurance', forms: ['保险', '交强险', '商业险', '车险', '保费', 'insurance', 'insure', 'premium', 'premiums'] },
  { concept: 'tax', forms: ['购置税', '税', '免税', '减税', 'tax', 'taxes', 'purchase tax'] },
  {
    concept: 'delivery',
    forms: ['提车', '交车', '现车', '到货', '排队', '交付', '等车', '多久能提', '订车', 'delivery', 'deliver', 'delivered', 'in stock', 'stock', 'get the car', 'get my car', 'take delivery', 'order'],
  },
  { concept: 'colour', forms: ['颜色', '配色', '车色', '车漆', '白色', '黑色', '红色', '绿色', '蓝色', '灰色', '银色', 'colour', 'colours', 'color', 'colors', 'paint', 'white', 'black', 'red', 'green', 'blue', 'grey', 'gray', 'silver'] },
  { concept: 'fuel', forms: ['油耗', '费油', '省油', '几个油', '百公里', '烧油', 'fuel', 'consumption', 'mpg', 'economy', 'petrol use'] },
  { concept: 'interest', forms: ['利息', '利率', '年化', '费率', 'interest', 'apr', 'rate', 'rates'] },
  { concept: 'zerointerest', forms: ['0息', '零息', '免息', '无息', '0利息', '零利率', '0 息', 'interest-free', 'interest free', '0%', 'zero interest', 'zero-interest', '0 % finance'] },
  { concept: 'accessories', forms: ['精品', '加装', '改装', '贴膜', '配件', '装潢', '行车记录仪', '脚垫', 'accessory', 'accessories', 'add-on', 'add-ons', 'window film', 'dash cam'] },
  { concept: 'referral', forms: ['老带新', '推荐', '介绍朋友', '转介绍', '介绍亲友', '带朋友', 'referral', 'refer', 'referring', 'refer a friend'] },
  { concept: 'unsubscribe', forms: ['退订', '推销电话', '骚扰', '别再打', '别打了', '不想再收到', '不要再发', 'unsubscribe', 'opt out', 'opt-out', 'stop calling', 'stop sending', 'spam', 'marketing'] },
  { concept: 'payment', forms: ['付款', '支付', '刷卡', '信用卡', '微信', '支付宝', '现金', '转账', 'pay', 'paying', 'payment', 'credit card', 'cash', 'alipay', 'wechat'] },
  { concept: 'compare', forms: ['哪个好', '区别', '对比', '比较一下', '比一比', '选哪个', '怎么选', '还是', '哪个更', '差别', '相比', '差多少', '差价', '贵多少', 'vs', 'versus', 'difference', 'compare', 'which one', 'better'] },
  { concept: 'documents', forms: ['证件', '驾照', '驾驶证', '身份证', '材料', '带什么', 'document', 'documents', 'licence', 'license', 'id card', 'papers', 'permit', 'driving permit'] },
  { concept: 'age', forms: ['年龄', '岁', '未成年', '成年', '新手', '新司机', '驾龄', '刚拿证', '刚拿驾照', '刚考到', '刚考驾照', '刚拿到', 'age', 'years old', 'minimum age', 'teenager', 'new driver'] },
  { concept: 'family', forms: ['小孩', '孩子', '儿童', '家人', '带娃', '宝宝', '老人', '朋友一起', '安全座椅', 'kid', 'kids', 'child', 'children', 'family', 'baby', 'child seat'] },
  { concept: 'duration', forms: ['多久', '多长时间', '几分钟', '几个小时', '几小时', '几天', '几年', '多少年', '多少时间', '多长', '时长', 'how long', 'duration', 'minutes'] },
  { concept: 'route', forms: ['路线', '高架', '快速路', '高速', '路况', 'route', 'roads', 'expressway', 'highway'] },
  { concept: 'reschedule', forms: ['改约', '改时间', '换一天', '换个时间', '改期', '改到', '推迟', '延期', '改天', 'reschedule', 'rebook', 'change my', 'move my', 'move it', 'change the date', 'another day', 'different day', 'different time', 'postpone'] },
  { concept: 'cancel', forms: ['取消', '去不了', '来不了', '不去了', 'cancel', 'cancelling', 'canceling', 'cancellation', "can't make it"] },
  { concept: 'booking', forms: ['预约', '预订', '约个', '约一下', '约时间', '怎么约', 'book', 'booking', 'appointment', 'reserve', 'schedule'] },
  { concept: 'transport', forms: ['地铁', '公交', '接驳', '班车', '坐车', '打车', 'metro', 'subway', 'bus', 'shuttle', 'train', 'station', 'public transport'] },
  { concept: 'weekend', forms: ['周末', '周六', '周日', '星期六', '星期天', '星期日', '礼拜天', '礼拜六', '节假日', '假期', '过年', '元旦', 'weekend', 'weekends', 'saturday', 'saturdays', 'sunday', 'sundays', 'holiday', 'holidays'] },
  { concept: 'roadside', forms: ['道路救援', '救援', '抛锚', '趴窝', '坏在路上', '路上坏', '半路坏', '拖车', 'roadside', 'breakdown', 'broke down', 'broken down', 'tow', 'towing'] },
  { concept: 'foreign', forms: ['外国', '国外', '境外', '海外', '外籍', '国际驾照', 'foreign', 'international', 'overseas', 'abroad'] },
  { concept: 'valuation', forms: ['估价', '估个价', '评估', '值多少', '值几个钱', '能卖多少', '收购价', '残值', 'valuation', 'value', 'appraisal', 'appraise', 'inspection'] },
  { concept: 'worth', forms: ['值得', '值不值', '值吗', '划算', '性价比', '省回来', 'worth', 'worth it', 'value for money'] },
  { concept: 'showroom', forms: ['看车', '展厅', '来店', '到店', '选车', '门店', 'showroom', 'visit', 'dealership', 'store'] },
  { concept: 'aftersales', forms: ['售后', '维修', '修车', '车间', '故障', '救援', 'workshop', 'repair', 'repairs', 'after-sales', 'aftersales', 'breakdown'] },
  { concept: 'free', forms: ['免费', '收费', '要钱', '花钱', '不要钱', '付费', '交钱', 'free', 'charge for', 'pay for', 'fee'] },
  { concept: 'english', forms: ['英语', '英文', '外语', 'english'] },
  { concept: 'loanterm', forms: ['几期', '多少期', '分几期', '期数', '贷几年', '最长', '提前还', '还清', 'term', 'terms', 'how many months', 'repay', 'repayment', 'pay off'] },
  { concept: 'howto', forms: ['流程', '手续', '步骤', '办理', '怎么弄', '怎么操作', '怎么办', 'process', 'procedure', 'steps', 'how does', 'how do i', 'how can i'] },
  // Other makers' names: a question about their cars is not one this store answers.
  {
    concept: 'otherbrand',
    forms: ['特斯拉', 'tesla', '比亚迪', 'byd', '宝马', 'bmw', '奥迪', 'audi', '奔驰', 'benz', 'mercedes', '丰田', 'toyota', '本田', 'honda', '大众汽车', 'volkswagen', 'vw', '蔚来', 'nio', '小鹏', 'xpeng', '问界', 'aito', '极氪', 'zeekr', '保时捷', 'porsche', '福特', 'ford', '吉利', 'geely', '别克', 'buick', '日产', 'nissan', '起亚', 'kia', '马自达', 'mazda', '沃尔沃', 'volvo', '雷克萨斯', 'lexus', '凯迪拉克', 'cadillac', '路虎', 'land rover', '五菱', 'wuling', '零跑', 'leapmotor', '哈弗', 'haval', 'hyundai'],
  },
  { concept: 'stacking', forms: ['叠加', '一起用', '同时享受', '同时拿', '同时用', '一起享受', 'combine', 'stack', 'stacked', 'together'] },
];
