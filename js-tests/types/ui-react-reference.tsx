// The opt-in by triple-slash reference (instead of `import type {} from "mfa-flows/ui/react"`).
/// <reference types="mfa-flows/ui/react" />
import "mfa-flows/ui";

export const byReference = <mfa-challenge locale="es" busy />;
// @ts-expect-error busy is a boolean
export const badBusy = <mfa-challenge busy="yes" />;
