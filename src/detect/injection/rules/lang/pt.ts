import { phrase, type Rule } from '../types.js';

/** Portuguese. */
export const PT_RULES: readonly Rule[] = [
  phrase('pt.ignore-previous', ['ignor', 'esqueç', 'esquec', 'desconsider', 'descart'], 'override', true,
    /(?:ignore|ignora|ignorar|esqueça|esqueca|esquece|desconsidere|desconsidera|descarte)[^\n]{0,25}(?:instruções|instrucoes|regras|orientações|diretrizes|comandos)\s*(?:anteriores|prévias|previas|acima|iniciais|do\s*sistema|originais)/),
  phrase('pt.reveal-prompt', ['prompt', 'instruções'], 'extraction', true,
    /(?:revele|revela|mostre|mostra|imprima|repita|diga|escreva|compartilhe)[^\n]{0,20}(?:prompt\s*(?:do\s*)?sistema|instruções\s*(?:do\s*sistema|iniciais|ocultas|secretas|originais)|seu\s*prompt|suas\s*instruções)/),
  phrase('pt.dan', ['você', 'voce', 'aja', 'finja'], 'persona', true,
    /(?:agora\s*você\s*é|agora\s*voce\s*e|você\s*agora\s*é|aja\s*como|finja\s*ser)\s*(?:um\s*|uma\s*)?(?:dan\b|ia\s*sem\s*(?:restrições|filtros|censura))/),
  phrase('pt.mode', ['modo'], 'devmode', false, /\bmodo\s*(?:desenvolvedor|deus|sem\s*restrições|sem\s*censura)/),
  phrase('pt.no-restrictions', ['restriç', 'restric', 'filtros', 'censura', 'limites'], 'unrestricted', false, /\bsem\s*(?:nenhuma\s*|quaisquer\s*)?(?:restrições|restricoes|filtros|censura|limites)/),
];
