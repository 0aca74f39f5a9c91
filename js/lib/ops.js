// The core's table of operations (src/ops.rs, `operations!`) as the proxy's JS reads it: each
// operation's name, provider, admin flag and what the guard does with it. Read on first use: the
// proxy's module is instantiated after the files that import this one are evaluated.
import { __mfaOperations } from "./server.js";

let rows;
/** Every operation, in table order: `{ name, provider, admin, continues, upFront, mints }`. */
export const OPERATIONS = () => (rows ??= Object.freeze(__mfaOperations().map((row) => Object.freeze(row))));
/** The row of an operation name (one the core parsed), or `undefined`. */
export const operationRow = (name) => OPERATIONS().find((row) => row.name === name);
