import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { claudeProfile, claudeTextTokens } from './claude.js';
import { countTextTokens, emptyStats } from './encodings.js';
import { ASTRAL_FLOOR, bmpCharFloor } from './scripts.js';

// Running text per script (a sentence about the gateway, repeated): what the floors are set by.
const SAMPLES: Record<string, string> = {
  russian: 'Шлюз подсчитывает токены каждого запроса перед отправкой провайдеру. Это важная функция безопасности.',
  ukrainian: 'Шлюз підраховує токени кожного запиту перед тим, як надіслати його постачальнику.',
  greek: 'Η πύλη μετράει τα διακριτικά κάθε αιτήματος πριν το προωθήσει στον πάροχο υπηρεσιών.',
  hebrew: 'השער סופר את האסימונים של כל בקשה לפני שהוא מעביר אותה לספק.',
  arabic: 'تقوم البوابة بحساب عدد الرموز قبل إرسال الطلب إلى مزود الخدمة.',
  persian: 'دروازه قبل از ارسال درخواست، تعداد توکن‌ها را می‌شمارد.',
  chinese: '人工智能正在改变我们的生活方式和工作方式。网关在转发之前计算每个请求的令牌数量。',
  japanese: 'トークンの数は転送前に数えられます。日本語の文章も正しく扱う必要があります。',
  korean: '게이트웨이는 요청을 전달하기 전에 토큰 수를 계산합니다.',
  thai: 'เกตเวย์นับจำนวนโทเค็นก่อนส่งคำขอไปยังผู้ให้บริการ',
  vietnamese: 'Cổng đếm số lượng mã thông báo trước khi chuyển tiếp yêu cầu đến nhà cung cấp.',
  french: 'La passerelle compte les jetons de chaque requête avant de la transmettre : « sécurité » d’abord.',
  german: 'Das Gateway zählt die Tokens jeder Anfrage, bevor es sie weiterleitet – Größe und Maß.',
  polish: 'Brama zlicza tokeny każdego żądania przed przekazaniem go dostawcy usług.',
  turkish: 'Ağ geçidi, isteği iletmeden önce her isteğin belirteçlerini sayar.',
  hindi: 'गेटवे अनुरोध भेजने से पहले टोकन की गिनती करता है।',
  bengali: 'গেটওয়ে অনুরোধ পাঠানোর আগে টোকেন গণনা করে।',
  tamil: 'நுழைவாயில் கோரிக்கையை அனுப்பும் முன் டோக்கன்களை எண்ணுகிறது.',
  armenian: 'Դարպասը հաշվում է յուրաքանչյուր հարցման նշանները մինչև այն փոխանցելը։',
  georgian: 'კარიბჭე ითვლის ტოკენებს მოთხოვნის გაგზავნამდე.',
  amharic: 'መግቢያው ጥያቄውን ከመላኩ በፊት ቶከኖችን ይቆጥራል።',
  symbols: '├── src/ → ✓ passed ★ ∑ x² ≤ ∞ • ¶ © ® ™ ← ↑ ↓ ⌘ ⚠️',
  emoji: '🎉🚀 launch day 👍🏽 family 👨‍👩‍👧‍👦 flag 🇯🇵',
};

describe('script floors', () => {
  it('charges scripts outside the table and astral characters their UTF-8 length (letters: negative)', () => {
    expect(bmpCharFloor(0x0561)).toBe(-2); // Armenian
    expect(bmpCharFloor(0x10d0)).toBe(-3); // Georgian
    expect(bmpCharFloor(0x1200)).toBe(-3); // Ethiopic
    expect(bmpCharFloor(0x2192)).toBe(-3); // → (symbols outside the table count as letters too)
    expect(ASTRAL_FLOOR).toBe(4);
  });

  it('charges common scripts less than their byte length', () => {
    expect(bmpCharFloor(0x00e9)).toBe(-1); // é
    expect(bmpCharFloor(0x0416)).toBe(-0.75); // Ж
    expect(bmpCharFloor(0x4e2d)).toBe(-1.25); // 中
    expect(bmpCharFloor(0x2019)).toBe(1); // ’ is punctuation, not a letter
    expect(bmpCharFloor(0x00a0)).toBe(1); // no-break space
  });

  for (const [script, sentence] of Object.entries(SAMPLES)) {
    const text = `${sentence} `.repeat(8);
    it(`${script}: the per-character floor alone ≥ o200k`, () => {
      const stats = emptyStats();
      countTextTokens('o200k_base', text, stats);
      expect(stats.ascii / 3 + stats.nonAsciiFloor).toBeGreaterThanOrEqual(o200k(text));
    });
    it(`${script}: the Claude estimate ≥ cl100k and o200k, both tokenizer generations`, () => {
      for (const model of ['claude-sonnet-4-5', 'claude-opus-4-7']) {
        const estimate = claudeTextTokens(text, claudeProfile(model));
        expect(estimate).toBeGreaterThanOrEqual(cl100k(text));
        expect(estimate).toBeGreaterThanOrEqual(o200k(text));
      }
    });
  }
});
