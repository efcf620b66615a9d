import { phrase, type Rule } from '../types.js';

/**
 * Turkish. The verb comes last ("önceki tüm talimatları yok say"), so the rules read object then
 * verb, and a negated verb ("unutma" = "do not forget", "yok sayma") does not count. The folded
 * text has "ı" as "i" (look-alike folding) and "İ" as "i" (case folding), so only the dotted
 * forms appear here. Nouns are matched by stem: Turkish stacks suffixes
 * ("talimat-lar-ın-ı" = "your instructions", accusative). Reveal verbs must be imperative (optionally
 * polite, "gösterin"), so "yazarım" ("I write") and "gösterme" ("do not show") do not count.
 */
const WORD = '[a-zçğöşü]{1,20}';

export const TR_RULES: readonly Rule[] = [
  phrase('tr.ignore-previous', ['yok', 'görmezden', 'gormezden', 'unut', 'dikkate', 'boşver', 'bosver', 'umursama', 'ardi'], 'override', true,
    new RegExp(`(?:önceki|onceki|yukaridaki|önceden|onceden|verilen|tüm|tum|bütün|butun|sistem|orijinal|ilk)\\s*(?:${WORD}\\s*){0,2}(?:talimat|komut|kural|yönerge|yonerge|direktif|emir)[a-zçğöşü]{0,8}\\s*(?:${WORD}\\s*)?(?:yok\\s*say(?!ma)|yoksay(?!ma)|görmezden\\s*gel(?!me)|gormezden\\s*gel(?!me)|unut(?!ma)|dikkate\\s*alma\\b|boşver|bosver|umursama\\b|göz\\s*ardi\\s*et|goz\\s*ardi\\s*et)`)),
  phrase('tr.reveal-prompt', ['istem', 'prompt', 'talimat'], 'extraction', true,
    new RegExp(`(?:sistem\\s*(?:istemini|istemi|promptunu|promptu|talimatlarini)|(?:gizli|orijinal|ilk|başlangiç|baslangic)\\s*talimatlarini)\\s*(?:${WORD}\\s*)?(?:göster|goster|yaz|tekrarla|söyle|soyle|açikla|acikla|paylaş|paylas|ver|ifşa\\s*et|ifsa\\s*et|yazdir)(?:in|iniz)?(?![a-zçğöşü])`)),
  phrase('tr.dan', ['artik', 'sonra'], 'persona', true, /(?:sen\s*artik|artik\s*sen|bundan\s*sonra\s*sen)\s*dan\b/),
  phrase('tr.mode', ['gelistirici', 'geliştirici', 'tanri', 'jailbreak'], 'devmode', false, /(?:geliştirici|gelistirici|tanri|jailbreak)\s*modu/),
  phrase('tr.no-restrictions', ['kisitlama', 'kısıtlama', 'sinir', 'sansür', 'sansur', 'filtre'], 'unrestricted', false,
    /(?:hiçbir|hicbir)\s*(?:kisitlama|sinir|filtre|sansür|sansur)\s*(?:olmadan|yok)|(?:kisitlamasiz|sansürsüz|sansursuz|filtresiz)\s*(?:bir\s*)?(?:yapay\s*zeka|ai|asistan)/),
];
