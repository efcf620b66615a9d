import { phrase, type Rule } from '../types.js';

/** Italian. */
export const IT_RULES: readonly Rule[] = [
  phrase('it.ignore-previous', ['ignora', 'dimentica', 'trascura', 'considerare'], 'override', true,
    /(?:ignora|ignorate|dimentica|dimenticate|trascura|non\s*considerare)[^\n]{0,25}(?:istruzioni|regole|indicazioni|direttive)\s*(?:precedenti|di\s*sopra|iniziali|del\s*sistema|originali)/),
  phrase('it.reveal-prompt', ['prompt', 'istruzioni'], 'extraction', true,
    /(?:rivela|mostra|mostrami|stampa|ripeti|dimmi|scrivi|condividi)[^\n]{0,20}(?:prompt\s*(?:di\s*)?sistema|istruzioni\s*(?:di\s*sistema|iniziali|nascoste|segrete|originali)|il\s*tuo\s*prompt|le\s*tue\s*istruzioni)/),
  phrase('it.dan', ['sei', 'agisci', 'comportati'], 'persona', true,
    /(?:ora\s*sei|adesso\s*sei|sei\s*ora|agisci\s*come|comportati\s*come)\s*(?:un\s*|una\s*)?(?:dan\b|ia\s*senza\s*(?:restrizioni|filtri|censura))/),
  phrase('it.mode', ['modalità'], 'devmode', false, /modalità\s*(?:sviluppatore|dio|senza\s*restrizioni|senza\s*censura|jailbreak|dan)/),
  phrase('it.no-restrictions', ['senza'], 'unrestricted', false, /\bsenza\s*(?:alcuna\s*)?(?:restrizioni|restrizione|filtri|censura|limiti)/),
];
