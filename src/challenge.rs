//! (to be written) `toChallenge`: one provider-neutral view of a pending challenge.
