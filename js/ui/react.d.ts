// mfa-flows/ui/react: `<mfa-challenge>` in React 19 JSX, typed. Opt-in, types only: a React project
// with @types/react writes `import type {} from "mfa-flows/ui/react";` (or
// `/// <reference types="mfa-flows/ui/react" />`) once. It is not in mfa-flows/ui itself because
// augmenting "react" where react is installed without @types/react is an error (TS2665) that
// skipLibCheck alone would hide.
import type { MfaChallengeJsxProps } from "../ui.js";

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "mfa-challenge": MfaChallengeJsxProps;
    }
  }
}
