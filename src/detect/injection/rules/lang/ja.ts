import { phrase, type Rule } from '../types.js';

/** Japanese. Run only when the text contains kana or ideographs. */
export const JA_RULES: readonly Rule[] = [
  phrase('ja.ignore-previous', null, 'override', true,
    /(?:以前|前|上記|これまで|先|元|すべて|全て|システム)の?(?:指示|命令|ルール|指図|プロンプト|設定)(?:を|は)?(?:すべて|全て)?(?:無視|忘れ|破棄)/),
  phrase('ja.reveal-prompt', null, 'extraction', true,
    /(?:システムプロンプト|システム指示|初期指示|元の指示|あなたの指示|あなたのプロンプト)を?(?:表示|教え|見せ|出力|繰り返|開示|書き出)/),
  phrase('ja.dan', null, 'persona', true, /(?:あなたは今|今からあなたは|これからあなたは)[^\n]{0,6}(?:dan|制限のない|制限なし|無制限)/),
  phrase('ja.mode', null, 'devmode', false, /(?:開発者モード|デベロッパーモード|ゴッドモード|脱獄モード)/),
  phrase('ja.no-restrictions', null, 'unrestricted', false, /(?:制限なし|制限のない|制限を受けない|無制限|検閲なし|フィルターなし)/),
];
