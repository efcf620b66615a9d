/**
 * Rule families. The classifier gets one feature per family (not per language), so the weight it
 * learns from English examples also applies to a Korean or Arabic phrase of the same family.
 */
export const FAMILIES = [
  'override', // ignore / disregard previous instructions
  'extraction', // reveal the system prompt, repeat the words above
  'access', // Tensor Trust "Access Granted" hijack
  'template', // chat-template tokens
  'role', // fake role turns, role tags
  'delimiter', // fake end-of-input markers and banners
  'repetition', // token-repetition attacks
  'persona', // DAN and other unrestricted personas
  'devmode', // developer / god / jailbreak mode framings
  'unrestricted', // "no restrictions", policy-bypass language
  // The next three are noisy framings that benign WildGuard/role prompts use too. They get their
  // own families (own classifier weights) so they do not dilute the weight of the clean families.
  'roleplay', // "imagine you are a …", "in this hypothetical story"
  'pretext', // "for educational purposes", "my late grandmother used to …"
  'affirmative', // "Sure, here is" (target strings of GCG-style attacks)
] as const;
export type Family = (typeof FAMILIES)[number];

/** Which verdict category a family points to. */
export const FAMILY_CATEGORY: Readonly<Record<Family, 'injection' | 'jailbreak'>> = {
  override: 'injection',
  extraction: 'injection',
  access: 'injection',
  template: 'injection',
  role: 'injection',
  delimiter: 'injection',
  repetition: 'injection',
  persona: 'jailbreak',
  devmode: 'jailbreak',
  unrestricted: 'jailbreak',
  roleplay: 'jailbreak',
  pretext: 'jailbreak',
  affirmative: 'jailbreak',
};

export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Rule {
  /** Stable id, "<lang or 'struct'>.<name>", reported as evidence (never the matched text). */
  readonly id: string;
  readonly family: Family;
  /**
   * Strong rules are specific enough to decide on their own (no hit on the benign training rows,
   * including the NotInject and XSTest hard negatives); weak rules only feed the classifier.
   */
  readonly strong: boolean;
  readonly kind: 'phrase' | 'structure';
  /**
   * Literal substrings (lower-case) of which every match contains at least one. All anchors are
   * found in ONE scan of the text and a rule runs only if one of its anchors occurred, which keeps
   * ordinary text at a handful of regex scans. null = always run.
   */
  readonly anchors: readonly string[] | null;
  /** First match in folded (lower-cased, de-obfuscated) text, or null. */
  readonly find: (folded: string) => Span | null;
}

export interface RuleHit {
  readonly rule: Rule;
  /** Offsets in the scanned (folded) text. */
  readonly start: number;
  readonly end: number;
}

function fromRegex(re: RegExp): (folded: string) => Span | null {
  return (folded) => {
    const m = re.exec(folded);
    return m ? { start: m.index, end: m.index + m[0].length } : null;
  };
}

export function phrase(id: string, anchors: readonly string[] | null, family: Family, strong: boolean, re: RegExp): Rule {
  return { id, family, strong, kind: 'phrase', anchors, find: fromRegex(re) };
}

export function structure(id: string, anchors: readonly string[] | null, family: Family, strong: boolean, re: RegExp | ((folded: string) => Span | null)): Rule {
  return { id, family, strong, kind: 'structure', anchors, find: re instanceof RegExp ? fromRegex(re) : re };
}
