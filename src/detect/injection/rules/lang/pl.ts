import { phrase, type Rule } from '../types.js';

/**
 * Polish. Diacritics optional where writers often drop them ("polecen" for "poleceń"). A negated
 * override verb ("nie zapomnij" = "do not forget") does not count.
 */
export const PL_RULES: readonly Rule[] = [
  phrase('pl.ignore-previous', ['ignoruj', 'zapomnij', 'pomiń', 'pomin', 'odrzuć', 'odrzuc', 'zlekceważ', 'zlekcewaz'], 'override', true,
    /(?<!\bnie\s?)(?:zignoruj|ignoruj|zapomnij|pomiń|pomin|odrzuć|odrzuc|zlekceważ|zlekcewaz)[^\n]{0,25}(?:wszystkie|poprzednie|wcześniejsze|wczesniejsze|powyższe|powyzsze|dotychczasowe|pierwotne|systemowe)\s*(?:[a-ząćęłńóśźż]{1,24}\s*)?(?:instrukcje|instrukcji|polecenia|poleceń|polecen|zasady|reguły|reguly|wytyczne|komendy|rozkazy)/),
  phrase('pl.reveal-prompt', ['prompt', 'instrukcje'], 'extraction', true,
    /(?:pokaż|pokaz|ujawnij|wypisz|powtórz|powtorz|podaj|wyświetl|wyswietl|zdradź|zdradz|napisz)[^\n]{0,20}(?:prompt\s*systemowy|systemowy\s*prompt|instrukcje\s*systemowe|(?:swój|swoj|twój|twoj)\s*prompt|(?:swoje|twoje)\s*(?:ukryte\s*|początkowe\s*|poczatkowe\s*)?instrukcje|początkowe\s*instrukcje|poczatkowe\s*instrukcje)/),
  phrase('pl.dan', ['teraz', 'udawaj', 'zachowuj', 'działaj', 'dzialaj'], 'persona', true,
    /(?:jesteś\s*teraz|jestes\s*teraz|od\s*teraz\s*jesteś|od\s*teraz\s*jestes|udawaj,?\s*że\s*jesteś|udawaj|zachowuj\s*się\s*jak|zachowuj\s*sie\s*jak|działaj\s*jako|dzialaj\s*jako)\s*(?:[a-ząćęłńóśźż]{1,24}\s*)?(?:dan\b|(?:ai|si)\s*bez\s*(?:ograniczeń|ograniczen|filtrów|filtrow|cenzury))/),
  phrase('pl.mode', ['tryb'], 'devmode', false, /tryb\s*(?:dewelopera|programisty|boga|jailbreak|bez\s*ograniczeń|bez\s*ograniczen|bez\s*cenzury)/),
  phrase('pl.no-restrictions', ['bez'], 'unrestricted', false, /\bbez\s*(?:żadnych\s*|zadnych\s*|jakichkolwiek\s*)?(?:ograniczeń|ograniczen|cenzury|filtrów|filtrow)/),
];
