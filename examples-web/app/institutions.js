// The sandbox's Belvo institutions, read once from GET /belvo/api/institutions/ (the SDK has no
// call for it: a real app lists institutions from its backend or Belvo's widget).
import { BELVO_URL, BELVO_KEYS } from "./config.js";

let cache = null;
let names = {};

export function institutions() {
  cache ??= fetch(`${BELVO_URL}/api/institutions/`, {
    headers: { authorization: `Basic ${btoa(`${BELVO_KEYS.secretId}:${BELVO_KEYS.secretPassword}`)}` },
  })
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
export const institutionName = (code) => names[code] ?? code ?? "The bank";
