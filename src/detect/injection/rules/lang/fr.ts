import { phrase, type Rule } from '../types.js';

/** French. */
export const FR_RULES: readonly Rule[] = [
  phrase('fr.ignore-previous', ['ignore', 'oublie', 'compte', 'abstraction'], 'override', true,
    /(?:ignore[sz]?|oublie[sz]?|ne\s*tiens\s*pas\s*compte\s*d|ne\s*tenez\s*pas\s*compte\s*d|fais\s*abstraction\s*d)[^\n]{0,25}(?:instructions|consignes|règles|directives)\s*(?:précédentes|precedentes|antérieures|ci-dessus|initiales|d['’]origine|du\s*système)/),
  phrase('fr.reveal-prompt', ['prompt', 'instructions'], 'extraction', true,
    /(?:révèle|revele|montre|affiche|imprime|répète|repete|donne|dis|écris|partage)[^\n]{0,20}(?:prompt\s*(?:du\s*)?syst[èe]me|instructions\s*(?:du\s*)?(?:syst[èe]me|initiales|cachées|secrètes)|ton\s*prompt|tes\s*instructions)/),
  phrase('fr.dan', ['maintenant', 'désormais', 'dorénavant', 'agis', 'comme'], 'persona', true,
    /(?:tu\s*es\s*maintenant|désormais\s*tu\s*es|dorénavant\s*tu\s*es|agis\s*comme|fais\s*comme\s*si\s*tu\s*étais)\s*(?:un\s*|une\s*)?(?:dan\b|ia\s*sans\s*(?:restrictions|filtres|censure))/),
  phrase('fr.mode', ['mode'], 'devmode', false, /\bmode\s*(?:développeur|developpeur|dieu|sans\s*restrictions|sans\s*censure|jailbreak|dan)/),
  phrase('fr.no-restrictions', ['restriction', 'filtre', 'censure', 'limites'], 'unrestricted', false, /\bsans\s*(?:aucune\s*)?(?:restrictions?|filtres?|censure|limites)/),
];
