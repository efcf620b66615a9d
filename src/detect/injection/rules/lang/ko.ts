import { phrase, type Rule } from '../types.js';

/** Korean. Run only when the text contains Hangul. */
export const KO_RULES: readonly Rule[] = [
  phrase('ko.ignore-previous', null, 'override', true,
    /(?:이전|앞의|위의|모든|기존|시스템)\s*(?:의\s*)?(?:지시|지침|명령|규칙|지시사항|프롬프트|설정)[^\n]{0,6}(?:무시|잊어|잊으|버려)/),
  phrase('ko.reveal-prompt', null, 'extraction', true,
    /(?:시스템\s*프롬프트|시스템\s*지시|초기\s*지시|너의\s*지시|당신의\s*지시)[^\n]{0,8}(?:보여|알려|출력|공개|반복|말해)/),
  phrase('ko.dan', null, 'persona', true, /(?:너는\s*이제|이제\s*너는|당신은\s*이제|이제부터\s*당신은|이제부터\s*너는)[^\n]{0,8}(?:dan|제한\s*없는|제한이\s*없는|무제한)/),
  phrase('ko.mode', null, 'devmode', false, /(?:개발자\s*모드|갓\s*모드|탈옥\s*모드)/),
  phrase('ko.no-restrictions', null, 'unrestricted', false, /(?:제한\s*없이|제한이\s*없는|검열\s*없이|필터\s*없이)/),
];
