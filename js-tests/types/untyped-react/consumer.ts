// A strict project with `react` installed but not @types/react, skipLibCheck off (issue 25 item 2
// of the polish pass): mfa-flows/ui's types must compile here, so the React JSX typing is opt-in
// (mfa-flows/ui/react) rather than an augmentation of "react" in ui.d.ts (TS2665 here).
import "mfa-flows/ui";
import type { MfaChallengeElement } from "mfa-flows/ui";
import { toChallenge, type RiffynStep } from "mfa-flows";

declare const step: RiffynStep;
const el: MfaChallengeElement = document.createElement("mfa-challenge");
el.challenge = toChallenge(step);
el.addEventListener("mfa-submit", (event) => void event.detail.code);
