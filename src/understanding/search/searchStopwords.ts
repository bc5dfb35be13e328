// Words that say nothing about what a customer wants (particles, pronouns, question
// words, "can", "please"). They are dropped from the index and from questions so a match
// rests on content words; question intents such as "how much" or "where" are kept as
// trade concepts (tradeSynonyms) before this filter runs, and the question words among
// them count once, as the concept, not twice.
export const searchStopwords: ReadonlySet<string> = new Set([
  // Chinese: particles, pronouns, auxiliaries, question words; words and bigrams alike
  '吗', '呢', '吧', '啊', '呀', '哦', '嘛', '哈', '的', '了', '地', '得', '着', '过', '么',
  '我', '你', '您', '他', '她', '它', '我们', '你们', '他们', '咱们', '我的', '你的', '您的',
  '是', '在', '和', '与', '跟', '及', '或', '就', '也', '都', '还', '又', '很', '太', '再',
  '这', '那', '这个', '那个', '这里', '那里', '一个', '个', '一下', '下', '一', '些', '一些',
  '什么', '怎么', '怎么样', '怎样', '如何', '为什么', '哪', '哪些', '哪个', '请问', '请', '问',
  '可以', '能', '能不能', '不能', '会', '会不会', '要', '想', '想要', '需要', '有', '有没', '没有', '没',
  '是不', '不是', '是否', '可', '帮我', '帮', '给我', '给', '让', '把', '被', '对', '从', '到',
  '现在', '目前', '一般', '大概', '大约', '多少', '少钱', '时候', '时间',
  // question words whose meaning a trade concept carries (多少钱 → #price, 多久 → #duration)
  '多少钱', '多钱', '多久', '几年', '多长', '几天', '几点', '在哪', '哪里', '哪儿',
  // English
  'a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'am', 'do', 'does', 'did', 'i', 'me', 'my', 'mine',
  'we', 'our', 'us', 'you', 'your', 'it', 'its', 'this', 'that', 'these', 'those', 'to', 'of', 'in', 'on', 'at',
  'for', 'with', 'from', 'by', 'as', 'and', 'or', 'but', 'if', 'so', 'can', 'could', 'would', 'should', 'will',
  'shall', 'may', 'might', 'must', 'what', 'which', 'who', 'whom', 'how', 'when', 'why', 'there', 'here', 'any',
  'some', 'have', 'has', 'had', 'get', 'got', 'please', 'want', 'like', 'just', 'about', 'into', 'than', 'then',
  'also', 'not', 'no', 'yes', 'too', 'very', 'much', 'many', 'more', 'most', 'need', 'needs', 'hi', 'hello',
  "it's", 'whats', 'im', 'dont', 'know', 'tell', 'let', 'say', 'one', 'really', 'still', 'now',
  'right', 'currently', 'they', 'them', 'their', 'he', 'she', 'his', 'her',
]);
