import { phrase, type Rule } from '../types.js';

/** Chinese (simplified and traditional). Run only when the text contains CJK ideographs. */
export const ZH_RULES: readonly Rule[] = [
  phrase('zh.ignore-previous', null, 'override', true,
    /(?:忽略|无视|無視|忘记|忘記|忽视|忽視|不要理会|不要理會|放弃|放棄)[^\n]{0,10}(?:之前|以前|先前|上面|上述|前面|此前|原来|原來|原有|所有|系统|系統)[^\n]{0,6}(?:指令|指示|说明|說明|规则|規則|提示|命令|设定|設定)/),
  phrase('zh.reveal-prompt', null, 'extraction', true,
    /(?:显示|顯示|展示|输出|輸出|打印|透露|告诉我|告訴我|重复|重複|泄露|洩露|说出|說出|给我看|給我看)[^\n]{0,10}(?:系统提示|系統提示|系统指令|系統指令|初始指令|原始指令|你的提示词|你的提示詞|你的指令|系统消息|系統消息|系统设定|系統設定)/),
  phrase('zh.dan', null, 'persona', true,
    /(?:你现在是|你現在是|从现在开始你是|從現在開始你是|扮演)[^\n]{0,6}(?:dan|没有任何限制|沒有任何限制|不受限制|无限制|無限制)/),
  phrase('zh.mode', null, 'devmode', false, /(?:开发者模式|開發者模式|开发人员模式|上帝模式|越狱模式|越獄模式)/),
  phrase('zh.no-restrictions', null, 'unrestricted', false, /(?:没有任何限制|沒有任何限制|不受任何限制|不受限制|无视道德|無視道德|没有道德|不受道德)/),
];
