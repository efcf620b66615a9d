import { charClassCount, shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholder.js';

/**
 * "Looks machine-generated": the test every prefix-anchored key rule applies to the part after its
 * fixed prefix, so `sk-learn-preprocessing-tools` or `sk-xxxxxxxxxxxxxxxxxxxx` are not keys.
 * Real keys are random base62/base64url: digits and letters mixed, entropy near the alphabet's.
 */
export function looksRandom(value: string, minEntropy = 3.5): boolean {
  if (isPlaceholder(value)) return false;
  // Base62/base64 keys of 20+ characters mix all three classes: a random 20-character base62
  // string lacks one with probability ≈ 3·(36/62)^20 ≈ 6e-5, while slugs like
  // "2024-release-notes-v2" or CSS names "button-primary-2xl" lack upper case.
  if (!/[0-9]/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value)) return false;
  return shannonEntropy(value) >= minEntropy;
}

/**
 * The value of `password=…` style assignments: looser than {@link looksRandom} (human passwords
 * are short and may lack digits) but code and prose must not pass: identifiers, dotted member
 * accesses, calls and template references are how code *refers* to a secret without containing it.
 */
export function looksLikeSecretValue(value: string): boolean {
  if (value.length < 8 || isPlaceholder(value)) return false;
  if (/[()]/.test(value)) return false; // a call: getPassword(), input()
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false; // config.db.password
  if (/^(?:[a-z]+[_-]?)+$/.test(value) || /^[a-z]+(?:[A-Z][a-z]+)+$/.test(value)) return false; // words, camelCase
  if (/^(?:true|false|null|none|undefined|required|optional|string)$/i.test(value)) return false;
  if (/^[A-Z][a-z]{2,}(?:[A-Z][a-z]{2,}|\d{1,3})*(?:\[\]|<[^>]{0,100}>)?$/.test(value)) return false; // a type: Uint8Array
  if (/^(?:~|\.{1,2})?\//.test(value)) return false; // a path: PWD=/Users/me
  const classes = charClassCount(value);
  const entropy = shannonEntropy(value);
  return (classes >= 3 && entropy >= 2.8) || (classes >= 2 && /[0-9]/.test(value) && entropy >= 3.5);
}
