/**
 * Two small word lists for the classifier's interaction features (features.ts). A linear model
 * over n-grams cannot express "a harmful request AND a fictional frame" or "a harmful request AND
 * a gibberish tail": each part alone is common in benign data (XSTest asks about the Holocaust,
 * WildGuard wraps harmless requests in role-play, Arena-Hard pastes code), the pair is what
 * PAIR role-play rewrites and GCG-style suffix attacks look like. The lists only count; they never
 * decide anything on their own.
 *
 * Stems match at a word start on folded (lower-case, de-obfuscated) text. Homonyms that XSTest
 * uses in harmless senses ("kill a process", "shoot a photo", "execute a plan") are left out.
 */
const HARM_STEMS = [
  'bomb', 'explosive', 'detonat', 'napalm', 'nerve agent', 'sarin', 'anthrax', 'ricin', 'bioweapon', 'chemical weapon',
  'methamphetamine', 'crystal meth', 'meth lab', 'cocaine', 'heroin', 'fentanyl', 'narcotic', 'illegal drug', 'drug dealer',
  'malware', 'ransomware', 'keylogger', 'spyware', 'trojan', 'botnet', 'ddos', 'phishing', 'hack into', 'hacking',
  'unauthorized access', 'steal', 'stolen', 'theft', 'identity theft', 'credit card number', 'password crack',
  'counterfeit', 'launder', 'money laundering', 'bribe', 'blackmail', 'extort', 'fraud', 'scam', 'ponzi', 'insider trading',
  'tax evasion', 'evade', 'evading', 'smuggl', 'traffick', 'firearm', 'untraceable', 'weapon',
  'murder', 'assassinat', 'kidnap', 'torture', 'terroris', 'genocide', 'massacre', 'mass shooting',
  'suicide', 'self-harm', 'self harm', 'anorexi', 'bulimi',
  'porn', 'explicit', 'erotic', 'sexual', 'nude', 'pedophil', 'child abuse', 'minors', 'rape', 'incest', 'bestiality',
  'racist', 'racial slur', 'slur', 'hate speech', 'white supremac', 'nazi', 'holocaust', 'xenophob', 'misogyn', 'homophob',
  'harass', 'bully', 'stalk', 'doxx', 'doxing', 'defam', 'slander', 'libel', 'propaganda', 'disinformation', 'misinformation',
  'fake news', 'conspiracy', 'hoax', 'manipulat', 'exploit', 'illegal', 'illegally', 'unethical', 'immoral', 'harmful',
  'dangerous', 'cheat', 'plagiar', 'gambl', 'payday loan', 'vandal', 'arson', 'poison', 'overdose', 'abortion pill',
  'jailbreak', 'bypass security', 'crack software', 'pirat', 'cryptojack', 'hijack', 'backdoor', 'rootkit', 'zero-day',
] as const;

const FRAME_STEMS = [
  'you are a', 'you are an', "you're a", "you're an", 'imagine you', 'imagine a', 'pretend', 'role-play', 'roleplay',
  'role play', 'fictional', 'fiction', 'story', 'novel', 'screenplay', 'script for', 'character', 'scenario',
  'hypothetical', 'thought experiment', 'game', 'simulation', 'as a writer', 'as an author', 'for research',
  'research purposes', 'educational purposes', 'academic', 'in a world', 'dystopian', 'alternate universe',
  'your task is', 'you must', 'you will', 'never refuse', 'do not refuse', "don't refuse", 'stay in character',
  'begin your', 'start your', 'sure, here', 'as your', 'your boss', 'your client', 'a friend', 'desperate',
] as const;

function stemRegex(stems: readonly string[]): RegExp {
  const escaped = [...stems].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // A word start before the stem; the stem may continue ("bomb" -> "bombs", "bombing").
  return new RegExp(`(?<![a-z])(?:${escaped.join('|')})`, 'g');
}

const HARM_RE = stemRegex(HARM_STEMS);
const FRAME_RE = stemRegex(FRAME_STEMS);

/** Number of matches of `re` in `text`, stopping at `cap` (the features saturate there). */
function countUpTo(re: RegExp, text: string, cap: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < cap && re.exec(text) !== null) n++;
  return n;
}

/** Harmful-topic stems in folded text, capped at `cap`. */
export function harmCount(folded: string, cap = 4): number {
  return countUpTo(HARM_RE, folded, cap);
}

/** Fictional-frame and addressed-persona stems in folded text, capped at `cap`. */
export function frameCount(folded: string, cap = 4): number {
  return countUpTo(FRAME_RE, folded, cap);
}

const YOU_RE = /(?<![a-z])(?:you|your|yours|yourself|you're|you've|you'll)(?![a-z])/g;

/** Second-person words in folded text, capped at `cap`: persona prompts address the model throughout. */
export function youCount(folded: string, cap: number): number {
  return countUpTo(YOU_RE, folded, cap);
}
