// A TypeScript consumer of mfa-flows/ui: the element's properties, its tag in
// HTMLElementTagNameMap and its typed events. `@ts-expect-error` lines prove what must NOT compile.
import "mfa-flows/ui";
import { MfaChallengeElement, type MfaSubmitDetail, type MfaChallengeLocale } from "mfa-flows/ui";
import { toChallenge, type MfaError, type MfaChallenge, type RiffynStep } from "mfa-flows";

declare const step: RiffynStep;
declare const failure: MfaError;
const el = document.createElement("mfa-challenge");
const typed: MfaChallengeElement = el;
const viaQuery: MfaChallengeElement | null = document.querySelector("mfa-challenge");
const challenge: MfaChallenge | null = toChallenge(step);
el.challenge = challenge;
el.locale = "pt-BR";
const locale: MfaChallengeLocale = el.locale;
el.busy = true;
el.error = failure;
el.error = null;
// @ts-expect-error only the three locales
el.locale = "fr";
// @ts-expect-error busy is a boolean
el.busy = "yes";

el.addEventListener("mfa-submit", (event) => {
  const detail: MfaSubmitDetail = event.detail;
  const code: string | undefined = event.detail.code;
  const factorId: string | undefined = event.detail.factorId;
  // @ts-expect-error the detail has no such field
  event.detail.password;
  void [detail, code, factorId];
});
el.addEventListener("mfa-cancel", (event) => void event.detail);
el.addEventListener("mfa-expired", () => {});
el.addEventListener("click", (event: MouseEvent) => void event.clientX);
const isElement: boolean = el instanceof MfaChallengeElement;
void [typed, viaQuery, locale, isElement];
