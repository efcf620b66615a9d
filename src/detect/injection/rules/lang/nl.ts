import { phrase, type Rule } from '../types.js';

/** Dutch. "Vergeet niet …" ("do not forget …") is excluded from the override verbs. */
export const NL_RULES: readonly Rule[] = [
  phrase('nl.ignore-previous', ['negeer', 'negeren', 'vergeet', 'vergeten', 'veronachtza'], 'override', true,
    /(?:negeer|negeren|vergeet|vergeten|veronachtzaam|veronachtzamen)(?!\s*niet\b)[^\n]{0,25}(?:vorige|voorgaande|eerdere|bovenstaande|oorspronkelijke|bestaande|alle)\s*(?:[a-zë]{1,24}\s*)?(?:instructies|instructie|aanwijzingen|opdrachten|regels|richtlijnen|bevelen|systeemprompt)/),
  // "je instructies" alone is too common ("geef je instructies duidelijk"): the possessive form
  // only counts with a verb that asks for it to be shown.
  phrase('nl.reveal-prompt', ['prompt', 'instructies'], 'extraction', true,
    /(?:(?:toon|laat|geef|herhaal|print|schrijf|onthul|vertel|deel)[^\n]{0,20}(?:systeemprompt|systeem-prompt|systeeminstructies|oorspronkelijke\s*instructies|geheime\s*instructies|verborgen\s*instructies|(?:je|jouw)\s*prompt)|(?:toon|herhaal|onthul)[^\n]{0,12}(?:je|jouw)\s*instructies)/),
  phrase('nl.dan', ['bent', 'gedraag', 'alsof'], 'persona', true,
    /(?:je\s*bent\s*(?:nu|vanaf\s*nu|voortaan)|gedraag\s*je\s*als|doe\s*alsof\s*je)\s*(?:een\s*)?(?:dan\b|ai\s*(?:zonder|met\s*geen)\s*(?:beperkingen|filters|censuur))/),
  phrase('nl.mode', ['modus'], 'devmode', false, /(?:ontwikkelaarsmodus|ontwikkelaarmodus|god-?modus|jailbreak-?modus)/),
  phrase('nl.no-restrictions', ['zonder'], 'unrestricted', false, /\bzonder\s*(?:enige\s*|alle\s*)?(?:beperkingen|restricties|filters|censuur|grenzen)/),
];
