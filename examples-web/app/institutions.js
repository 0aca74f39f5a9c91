// The sandbox's Belvo institutions, read once from the demo backend (the SDK has no call for it
// and the page holds no key: the backend lists them with its own).
import { t } from "./words.js";

let cache = null;
let names = {};

export function institutions() {
  cache ??= fetch("/demo/institutions")
    .then((res) => (res.ok ? res.json() : { results: [] }))
    .then((page) => {
      const list = page.results ?? [];
      names = Object.fromEntries(list.map((i) => [i.name, i.display_name]));
      return list;
    })
    .catch(() => {
      cache = null;
      return [];
    });
  return cache;
}

/** "numeric_mx_bank" → "Numeric Bank Mexico" (once the list is loaded). */
export const institutionName = (code) => names[code] ?? code ?? t("belvo.the_bank");
