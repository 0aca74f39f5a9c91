// React 19 JSX of <mfa-challenge> under strict TypeScript, opted in with mfa-flows/ui/react: the tag is an intrinsic element, its
// properties are typed, and each handler's event carries the typed detail (no implicit any).
// `@ts-expect-error` lines prove what must NOT compile.
import "mfa-flows/ui";
// The opt-in: <mfa-challenge> in React 19 JSX (mfa-flows/ui alone leaves "react" alone).
import type {} from "mfa-flows/ui/react";
import { useRef } from "react";
import { toChallenge, type MfaError, type RiffynStep } from "mfa-flows";
import type { MfaChallengeElement, MfaSubmitDetail } from "mfa-flows/ui";

declare const step: RiffynStep;
declare const failure: MfaError | null;
declare function verify(code: string, factorId: string): void;

export function Challenge() {
  const ref = useRef<MfaChallengeElement>(null);
  return (
    <mfa-challenge
      ref={ref}
      locale="pt-BR"
      challenge={toChallenge(step)}
      busy={false}
      error={failure}
      className="card"
      dir="rtl"
      aria-label="Two-step verification"
      onmfa-submit={(e) => {
        const detail: MfaSubmitDetail = e.detail;
        verify(detail.code ?? "", e.detail.factorId ?? "");
      }}
      onmfa-cancel={(e) => void e.detail}
      onmfa-expired={() => {}}
    />
  );
}

// @ts-expect-error only the three locales
export const badLocale = <mfa-challenge locale="fr" />;
// @ts-expect-error busy is a boolean
export const badBusy = <mfa-challenge busy="yes" />;
// @ts-expect-error the detail has no such field
export const badDetail = <mfa-challenge onmfa-submit={(e) => e.detail.password} />;
// @ts-expect-error an unknown tag stays an error
export const unknown = <mfa-challengee />;
