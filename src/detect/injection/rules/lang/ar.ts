import { phrase, type Rule } from '../types.js';

/** Arabic. Run only when the text contains Arabic script. */
export const AR_RULES: readonly Rule[] = [
  phrase('ar.ignore-previous', null, 'override', true,
    /(?:تجاهل|انسَ|انس|اهمل|أهمل)[^\n]{0,25}(?:التعليمات|الأوامر|القواعد|التوجيهات)\s*(?:السابقة|الأصلية|أعلاه|الأولية|النظام)/),
  phrase('ar.reveal-prompt', null, 'extraction', true,
    /(?:اكشف|أظهر|اظهر|اعرض|اطبع|كرر|أخبرني|أعطني)[^\n]{0,20}(?:موجه\s*النظام|تعليمات\s*النظام|التعليمات\s*الأصلية|تعليماتك|موجهك)/),
  phrase('ar.dan', null, 'persona', true, /(?:أنت\s*الآن|انت\s*الان|من\s*الآن\s*أنت|تصرف\s*ك)[^\n]{0,10}(?:dan|بدون\s*قيود|دون\s*قيود|بلا\s*قيود)/),
  phrase('ar.mode', null, 'devmode', false, /وضع\s*(?:المطور|المطوّر|الإله|بدون\s*قيود)/),
  phrase('ar.no-restrictions', null, 'unrestricted', false, /(?:بدون|بلا|دون)\s*(?:أي\s*)?(?:قيود|رقابة|فلاتر|حدود)/),
];
