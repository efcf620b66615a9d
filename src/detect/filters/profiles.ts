import type { FilterSpec } from './types.js';

/**
 * Built-in profiles. Deliberately mild: they are meant to keep an assistant on-brand for its
 * audience, not to be a moderation system (that is the moderation stage's job).
 */
export const BUILT_IN_PROFILES = {
  kids: {
    name: 'kids',
    denyTerms: [
      'fuck', 'fucking', 'shit', 'bitch', 'bastard', 'asshole', 'ass', 'dick', 'cock', 'pussy', 'slut', 'whore', 'cunt',
      'boobs', 'tits', 'horny', 'blowjob', 'milf',
    ],
    denyTopics: ['adult', 'drugs', 'weapons', 'gambling', 'self-harm', 'violence'],
  },
  workplace: {
    name: 'workplace',
    denyTerms: [
      'idiot', 'moron', 'retard', 'retarded', 'dumbass', 'stupid bitch', 'bitch', 'asshole', 'slut', 'whore', 'cunt',
      'fuck you', 'shut up', 'loser', 'faggot', 'tranny', 'spastic',
    ],
    denyTopics: ['adult', 'gambling'],
  },
} as const satisfies Record<string, FilterSpec>;
