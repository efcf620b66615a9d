import { phrase, type Rule } from '../types.js';

/** German. */
export const DE_RULES: readonly Rule[] = [
  phrase('de.ignore-previous', ['ignorier', 'vergiss', 'vergessen', 'missacht'], 'override', true,
    /(?:ignoriere|ignorier|ignorieren\s*sie|vergiss|vergessen\s*sie|missachte|missachten\s*sie)[^\n]{0,25}(?:vorherigen|vorigen|bisherigen|obigen|vorangegangenen|ursprünglichen|alle)\s*(?:[a-zäöüß]{1,24}\s*)?(?:anweisungen|anweisung|instruktionen|befehle|regeln|vorgaben)/),
  phrase('de.reveal-prompt', ['prompt', 'anweisungen'], 'extraction', true,
    /(?:zeige|zeig|gib|nenne|verrate|wiederhole|drucke|schreibe|gebe)[^\n]{0,20}(?:system-?prompt|systemanweisungen|anfänglichen\s*anweisungen|ursprünglichen\s*anweisungen|geheimen\s*anweisungen|deinen\s*prompt|deine\s*anweisungen)/),
  phrase('de.dan', ['bist', 'agiere', 'verhalte'], 'persona', true,
    /(?:du\s*bist\s*(?:jetzt|nun|ab\s*sofort)|agiere\s*als|verhalte\s*dich\s*wie)\s*(?:ein\s*|eine\s*)?(?:dan\b|ki\s*ohne\s*(?:einschränkungen|filter|zensur))/),
  phrase('de.mode', ['modus'], 'devmode', false, /(?:entwicklermodus|entwickler-modus|gottmodus|jailbreak-modus)/),
  phrase('de.no-restrictions', ['ohne'], 'unrestricted', false, /\bohne\s*(?:jegliche\s*|irgendwelche\s*)?(?:einschränkungen|beschränkungen|filter|zensur|grenzen)/),
];
