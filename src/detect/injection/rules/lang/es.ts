import { phrase, type Rule } from '../types.js';

/** Spanish. No `\b` next to accented letters: JavaScript's `\b` is ASCII-only even with /u. */
export const ES_RULES: readonly Rule[] = [
  phrase('es.ignore-previous', ['ignor', 'olvid', 'descart', 'omit', 'omiso'], 'override', true,
    /\b(?:ignora|ignore|ignorar|olvida|olvide|olvidar|descarta|descarte|omite|omita|haz\s*caso\s*omiso\s*(?:a|de))\s*(?:todas?\s*|todo\s*)?(?:las?\s*|tus\s*|sus\s*|lo\s*)?(?:(?:instrucciones|indicaciones|reglas|órdenes|directrices)\s*(?:anteriores|previas|de\s*arriba|iniciales|originales|del\s*sistema)|(?:anteriores|previas)\s*(?:instrucciones|indicaciones|reglas|órdenes)|lo\s*anterior)/),
  phrase('es.reveal-prompt', ['sistema', 'prompt', 'instrucciones'], 'extraction', true,
    /(?:revela|muestra|muéstrame|imprime|dime|repite|escribe|enséñame|comparte)[^\n]{0,20}(?:(?:prompt|mensaje|instrucciones)\s*(?:del|de)\s*sistema|tu\s*prompt|tus\s*instrucciones\s*(?:iniciales|originales|ocultas|secretas))/),
  phrase('es.dan', ['eres', 'actúa', 'actua', 'finge'], 'persona', true,
    /(?:ahora\s*eres|eres\s*ahora|actúa\s*como|actua\s*como|finge\s*ser)\s*(?:un\s*|una\s*)?(?:dan\b|ia\s*sin\s*(?:restricciones|filtros|censura))/),
  phrase('es.mode', ['modo'], 'devmode', false, /\bmodo\s*(?:desarrollador|dios|sin\s*restricciones|sin\s*censura|jailbreak|dan)/),
  phrase('es.no-restrictions', ['restricciones', 'filtros', 'censura', 'límites', 'limitaciones'], 'unrestricted', false, /\bsin\s*(?:ninguna\s*)?(?:restricciones|filtros|censura|límites\s*éticos|limitaciones)/),
];
