// Small DOM helpers. Everything from the API goes in as text, never as HTML.
export const $ = (selector, root = document) => root.querySelector(selector);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : String(c));
  return node;
}

export function fillSelect(select, values, keepFirst = true) {
  const first = keepFirst ? select.querySelector('option') : null;
  select.replaceChildren(...(first ? [first] : []), ...values.map((v) => el('option', { value: v }, v)));
}

export const shortTime = (iso) => (iso ? iso.replace('T', ' ').slice(0, 19) : '–');
export const fmt = (n, digits = 0) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits }));
