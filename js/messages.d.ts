// Types of `mfa-flows/messages`: every message id of the package, with its parameters.
import type { MfaMessageId } from "./mfa_flows.js";
export type { MfaMessageId, MfaMessages } from "./mfa_flows.js";

/** Every id, its parameters (the `{param}` names its words use) and its English words. */
export declare const MESSAGES: Readonly<Record<MfaMessageId, { readonly params: readonly string[]; readonly en: string }>>;

/** The reviewed built-in dictionaries, each complete. */
export declare const LOCALE_MESSAGES: Readonly<Record<"en" | "es" | "pt-BR", Readonly<Record<MfaMessageId, string>>>>;
