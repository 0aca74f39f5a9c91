//! (to be written) RFC 6238 TOTP.
