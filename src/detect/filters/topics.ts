/**
 * Built-in topic catalog: each topic is a set of cues (words and multi-word phrases; English plus
 * a few other languages). A topic hits when any cue occurs as a whole word in normalized text.
 * Cues are deliberately specific: a cue that is ordinary in other contexts ("shoot" a photo,
 * "kill" a process, "bet" as slang) is left out or only used in a phrase.
 */
export const TOPIC_CATALOG = {
  weapons: [
    'firearm', 'firearms', 'handgun', 'handguns', 'assault rifle', 'ar-15', 'ak-47', 'machine gun', 'ammunition', 'ammo',
    'silencer', 'suppressor', 'pipe bomb', 'explosive device', 'grenade', 'build a bomb', 'make a bomb', 'ghost gun',
    '3d printed gun', 'switchblade', 'brass knuckles', 'arma de fuego', 'armes à feu', 'schusswaffe', 'оружие', '枪支', '炸弹',
  ],
  drugs: [
    'cocaine', 'heroin', 'methamphetamine', 'crystal meth', 'fentanyl', 'lsd', 'mdma', 'ecstasy pills', 'magic mushrooms',
    'psilocybin', 'get high', 'getting high', 'weed', 'marijuana', 'cannabis', 'drug dealer', 'buy drugs', 'snort',
    'overdose', 'cocaína', 'drogas', 'drogue', 'drogen', 'наркотики', '毒品', '大麻',
  ],
  gambling: [
    'gambling', 'casino', 'online casino', 'sports betting', 'place a bet', 'slot machine', 'slot machines', 'poker',
    'blackjack', 'roulette', 'sportsbook', 'betting odds', 'apuestas', 'casino en ligne', 'glücksspiel', 'азартные игры', '赌博',
  ],
  adult: [
    'porn', 'porno', 'pornography', 'nude', 'nudes', 'naked', 'sex', 'sexual', 'sexy', 'erotic', 'nsfw', 'onlyfans',
    'hentai', 'xxx', 'orgasm', 'fetish', 'escort service', 'pornografía', 'pornographie', 'порно', '色情',
  ],
  'self-harm': [
    'suicide', 'kill myself', 'killing myself', 'end my life', 'want to die', 'self-harm', 'self harm', 'cut myself',
    'cutting myself', 'hurt myself', 'overdose on', 'suicidio', 'suicide', 'selbstmord', 'самоубийство', '自杀',
  ],
  violence: [
    'gore', 'gory', 'dismember', 'dismembered', 'decapitate', 'beheading', 'torture', 'massacre', 'mass shooting',
    'bloodbath', 'mutilate', 'mutilated', 'graphic violence', 'murder someone', 'stab someone',
  ],
  politics: [
    'election', 'elections', 'vote for', 'voting for', 'democrat', 'democrats', 'republican', 'republicans', 'political party',
    'left-wing', 'right-wing', 'liberal', 'conservative', 'president biden', 'president trump', 'campaign rally', 'elecciones',
    'élection', 'wahlkampf', 'выборы', '选举',
  ],
  'medical-advice': [
    'diagnose', 'diagnosis', 'my symptoms', 'what medication', 'which medication', 'dosage', 'dose of', 'prescription',
    'should i take', 'side effects', 'treatment for', 'is it cancer', 'medical advice', 'diagnóstico', 'médicament', 'diagnose',
  ],
  'legal-advice': [
    'legal advice', 'sue', 'lawsuit', 'sue my', 'my lawyer', 'attorney', 'custody', 'divorce', 'court case', 'plead guilty',
    'is it legal', 'my rights', 'contract dispute', 'eviction', 'asesoría legal', 'conseil juridique', 'rechtsberatung',
  ],
  'financial-advice': [
    'financial advice', 'investment advice', 'should i invest', 'should i buy', 'which stock', 'what stock', 'stock tips',
    'crypto', 'cryptocurrency', 'bitcoin', 'retirement savings', 'portfolio allocation', 'day trading', 'forex',
    'asesoría financiera', 'conseil financier', 'anlageberatung',
  ],
} as const satisfies Record<string, readonly string[]>;

export type TopicId = keyof typeof TOPIC_CATALOG;

export function isTopicId(s: string): s is TopicId {
  return Object.hasOwn(TOPIC_CATALOG, s);
}
