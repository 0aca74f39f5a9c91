//! HMAC (RFC 2104) over SHA-1, SHA-256 and SHA-512 (FIPS 180-4), written here for the size of
//! the `mfa-flows/totp` module, which every page using it downloads: RustCrypto's `hmac`, `sha1`
//! and `sha2` (with `digest`'s generic wrappers, one instantiation per hash) cost that module
//! 1,487 B brotli more than this file, and the whole SDK's 1,961 B (bench/RESULTS.md, fourth
//! round). One padding routine and one HMAC serve the three hashes; SHA-256 and SHA-512 share one
//! compression function. The tests check each hash against the FIPS 180 / NIST examples, the
//! HMACs against RFC 2202 and RFC 4231, and both against RustCrypto on random keys (0 to 300
//! bytes, longer than a block included) and messages.
//!
//! No `unsafe` and no indexing that can panic. No constant-time claim is made: it computes a
//! one-time code from a secret the caller holds, and nothing here compares secrets.

use super::TotpAlgorithm;
use crate::prelude::*;

/// SHA-512's round constants (FIPS 180-4 §4.2.3). SHA-256's are their upper 32 bits (§4.2.2:
/// the same cube roots, 32 instead of 64 bits of them), as its initial state is that of
/// SHA-512's upper 32 bits (§5.3.3, §5.3.5).
#[rustfmt::skip]
const K: [u64; 80] = [
    0x428a2f98d728ae22, 0x7137449123ef65cd, 0xb5c0fbcfec4d3b2f, 0xe9b5dba58189dbbc,
    0x3956c25bf348b538, 0x59f111f1b605d019, 0x923f82a4af194f9b, 0xab1c5ed5da6d8118,
    0xd807aa98a3030242, 0x12835b0145706fbe, 0x243185be4ee4b28c, 0x550c7dc3d5ffb4e2,
    0x72be5d74f27b896f, 0x80deb1fe3b1696b1, 0x9bdc06a725c71235, 0xc19bf174cf692694,
    0xe49b69c19ef14ad2, 0xefbe4786384f25e3, 0x0fc19dc68b8cd5b5, 0x240ca1cc77ac9c65,
    0x2de92c6f592b0275, 0x4a7484aa6ea6e483, 0x5cb0a9dcbd41fbd4, 0x76f988da831153b5,
    0x983e5152ee66dfab, 0xa831c66d2db43210, 0xb00327c898fb213f, 0xbf597fc7beef0ee4,
    0xc6e00bf33da88fc2, 0xd5a79147930aa725, 0x06ca6351e003826f, 0x142929670a0e6e70,
    0x27b70a8546d22ffc, 0x2e1b21385c26c926, 0x4d2c6dfc5ac42aed, 0x53380d139d95b3df,
    0x650a73548baf63de, 0x766a0abb3c77b2a8, 0x81c2c92e47edaee6, 0x92722c851482353b,
    0xa2bfe8a14cf10364, 0xa81a664bbc423001, 0xc24b8b70d0f89791, 0xc76c51a30654be30,
    0xd192e819d6ef5218, 0xd69906245565a910, 0xf40e35855771202a, 0x106aa07032bbd1b8,
    0x19a4c116b8d2d0c8, 0x1e376c085141ab53, 0x2748774cdf8eeb99, 0x34b0bcb5e19b48a8,
    0x391c0cb3c5c95a63, 0x4ed8aa4ae3418acb, 0x5b9cca4f7763e373, 0x682e6ff3d6b2b8a3,
    0x748f82ee5defb2fc, 0x78a5636f43172f60, 0x84c87814a1f0ab72, 0x8cc702081a6439ec,
    0x90befffa23631e28, 0xa4506cebde82bde9, 0xbef9a3f7b2c67915, 0xc67178f2e372532b,
    0xca273eceea26619c, 0xd186b8c721c0c207, 0xeada7dd6cde0eb1e, 0xf57d4f7fee6ed178,
    0x06f067aa72176fba, 0x0a637dc5a2c898a6, 0x113f9804bef90dae, 0x1b710b35131c471b,
    0x28db77f523047d84, 0x32caab7b40c72493, 0x3c9ebe0a15c9bebc, 0x431d67c49c100d4c,
    0x4cc5d4becb3e42b6, 0x597f299cfc657e2a, 0x5fcb6fab3ad6faec, 0x6c44198c4a475817,
];

/// SHA-512's initial state (FIPS 180-4 §5.3.5); SHA-256's is its upper 32 bits.
#[rustfmt::skip]
const H512: [u64; 8] = [
    0x6a09e667f3bcc908, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b, 0xa54ff53a5f1d36f1,
    0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b, 0x5be0cd19137e2179,
];

/// SHA-1's initial state (FIPS 180-4 §5.3.1); the other three words are unused.
#[rustfmt::skip]
const H1: [u64; 8] = [
    0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476,
    0xc3d2e1f0, 0, 0, 0,
];

/// A big-endian word of up to 8 bytes.
fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0, |word, &b| word << 8 | u64::from(b))
}

/// The 16-word message schedule window of one block: `w[0]` is the current round's word.
fn window(block: &[u8]) -> [u64; 16] {
    let size = block.len() / 16;
    let mut w = [0; 16];
    for (i, w) in w.iter_mut().enumerate() {
        *w = be(block.get(i * size..(i + 1) * size).unwrap_or_default());
    }
    w
}

/// SHA-1's compression of one 64-byte block (FIPS 180-4 §6.1.2), its five words in `state`.
fn sha1(state: &mut [u64; 8], block: &[u8]) {
    let mut w = window(block).map(|x| x as u32);
    let mut v: [u32; 5] = [0; 5];
    for (v, s) in v.iter_mut().zip(state.iter()) {
        *v = *s as u32;
    }
    for t in 0..80 {
        let [a, b, c, d, e] = v;
        let (f, k) = match t / 20 {
            0 => ((b & c) | (!b & d), 0x5a827999),
            1 => (b ^ c ^ d, 0x6ed9eba1),
            2 => ((b & c) | (b & d) | (c & d), 0x8f1bbcdc),
            _ => (b ^ c ^ d, 0xca62c1d6),
        };
        let temp = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(w[0]);
        v = [temp, a, b.rotate_left(30), c, d];
        let next = (w[13] ^ w[8] ^ w[2] ^ w[0]).rotate_left(1);
        w.copy_within(1.., 0);
        w[15] = next;
    }
    for (s, v) in state.iter_mut().zip(v) {
        *s = u64::from((*s as u32).wrapping_add(v));
    }
}

/// SHA-256 or SHA-512's compression (FIPS 180-4 §6.2.2, §6.4.2): the same rounds over 32- or
/// 64-bit words (SHA-256's in the lower half of a `u64`, each result masked), with their own
/// round count and rotations (Σ0, Σ1, σ0, σ1: three amounts each, σ's last one a shift).
fn sha2(state: &mut [u64; 8], block: &[u8], bits: u32, rounds: usize, amounts: [[u32; 3]; 4]) {
    let mask = u64::MAX >> (64 - bits);
    let rotr = |x: u64, n: u32| (x >> n | x << (bits - n)) & mask;
    let [big0, big1, small0, small1] = amounts;
    let sigma = |x: u64, [r1, r2, r3]: [u32; 3]| rotr(x, r1) ^ rotr(x, r2) ^ rotr(x, r3);
    let small = |x: u64, [r1, r2, shift]: [u32; 3]| rotr(x, r1) ^ rotr(x, r2) ^ (x >> shift);
    let add = |x: u64, y: u64| x.wrapping_add(y) & mask;
    let mut w = window(block);
    let mut v = *state;
    for k in K.iter().take(rounds) {
        let [a, b, c, d, e, f, g, h] = v;
        let t1 = [sigma(e, big1), (e & f) ^ (!e & g), k >> (64 - bits), w[0]]
            .into_iter()
            .fold(h, add);
        let t2 = add(sigma(a, big0), (a & b) ^ (a & c) ^ (b & c));
        v = [add(t1, t2), a, b, c, add(d, t1), e, f, g];
        let next = [w[9], small(w[1], small0), w[0]]
            .into_iter()
            .fold(small(w[14], small1), add);
        // Shifted by a copy: `rotate_left` links core's general rotation (~0.8 KB).
        w.copy_within(1.., 0);
        w[15] = next;
    }
    for (s, v) in state.iter_mut().zip(v) {
        *s = add(*s, v);
    }
}

/// The rotation amounts (Σ0, Σ1, σ0, σ1) of SHA-256 and SHA-512 (FIPS 180-4 §4.1.2, §4.1.3).
const ROTATIONS_256: [[u32; 3]; 4] = [[2, 13, 22], [6, 11, 25], [7, 18, 3], [17, 19, 10]];
const ROTATIONS_512: [[u32; 3]; 4] = [[28, 34, 39], [14, 18, 41], [1, 8, 7], [19, 61, 6]];

/// The hash of `message` (FIPS 180-4 §5.1 padding, one block of 16 words at a time).
pub(super) fn digest(alg: TotpAlgorithm, message: &[u8]) -> Vec<u8> {
    // The word size in bits, the words of output, the initial state.
    let (bits, words, mut state) = match alg {
        TotpAlgorithm::Sha1 => (32, 5, H1),
        TotpAlgorithm::Sha256 => (32, 8, H512.map(|h| h >> 32)),
        TotpAlgorithm::Sha512 => (64, 8, H512),
    };
    let (size, block) = (bits / 8, bits * 2);
    // The message, 0x80, zeros, and its length in bits in the block's last 8 bytes (SHA-512's
    // 16-byte length field: the upper 8 are zeros for any message that fits in memory).
    let padded = (message.len() + 1 + 2 * size).div_ceil(block) * block;
    let mut data = message.to_vec();
    data.push(0x80);
    data.resize(padded - 8, 0);
    data.extend((message.len() as u64 * 8).to_be_bytes());
    for chunk in data.chunks_exact(block) {
        match alg {
            TotpAlgorithm::Sha1 => sha1(&mut state, chunk),
            TotpAlgorithm::Sha256 => sha2(&mut state, chunk, 32, 64, ROTATIONS_256),
            TotpAlgorithm::Sha512 => sha2(&mut state, chunk, 64, 80, ROTATIONS_512),
        }
    }
    let mut out = Vec::with_capacity(words * size);
    for word in state.iter().take(words) {
        out.extend_from_slice(word.to_be_bytes().get(8 - size..).unwrap_or_default());
    }
    out
}

/// HMAC (RFC 2104) of `message` under `key`: a key longer than the block is hashed first.
pub(super) fn hmac(alg: TotpAlgorithm, key: &[u8], message: &[u8]) -> Vec<u8> {
    let block = if alg == TotpAlgorithm::Sha512 {
        128
    } else {
        64
    };
    let hashed;
    let key = if key.len() > block {
        hashed = digest(alg, key);
        &hashed
    } else {
        key
    };
    let mut inner: Vec<u8> = (0..block)
        .map(|i| key.get(i).copied().unwrap_or(0) ^ 0x36)
        .collect();
    inner.extend_from_slice(message);
    let mut outer: Vec<u8> = inner.iter().take(block).map(|b| b ^ 0x36 ^ 0x5c).collect();
    outer.extend(digest(alg, &inner));
    digest(alg, &outer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use TotpAlgorithm::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    const TWO_BLOCKS_448: &str = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    const TWO_BLOCKS_896: &str = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

    /// FIPS 180 / NIST examples ("abc", the empty string, the 448- and 896-bit messages).
    #[test]
    fn digest_nist_examples() {
        let rows: [(TotpAlgorithm, &str, &str); 12] = [
            (Sha1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (Sha1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (Sha1, TWO_BLOCKS_448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
            (Sha1, TWO_BLOCKS_896, "a49b2446a02c645bf419f995b67091253a04a259"),
            (Sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (Sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Sha256, TWO_BLOCKS_448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
            (Sha256, TWO_BLOCKS_896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
            (Sha512, "abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"),
            (Sha512, "", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
            (Sha512, TWO_BLOCKS_448, "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c33596fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"),
            (Sha512, TWO_BLOCKS_896, "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"),
        ];
        for (alg, message, want) in rows {
            assert_eq!(
                hex(&digest(alg, message.as_bytes())),
                want,
                "{alg:?} {message:?}"
            );
        }
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))] // a million bytes through the unoptimised test build
    fn digest_one_million_a() {
        let a = vec![b'a'; 1_000_000];
        assert_eq!(
            hex(&digest(Sha1, &a)),
            "34aa973cd4c4daa4f61eeb2bdbad27316534016f"
        );
        assert_eq!(
            hex(&digest(Sha256, &a)),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
        assert_eq!(
            hex(&digest(Sha512, &a)),
            "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"
        );
    }

    /// RFC 2202 (HMAC-SHA-1) test cases 1-7.
    #[test]
    fn hmac_sha1_rfc2202() {
        let rows: [(Vec<u8>, &[u8], &str); 7] = [
            (
                vec![0x0b; 20],
                b"Hi There",
                "b617318655057264e28bc0b6fb378c8ef146be00",
            ),
            (
                b"Jefe".to_vec(),
                b"what do ya want for nothing?",
                "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            ),
            (
                vec![0xaa; 20],
                &[0xdd; 50],
                "125d7342b9ac11cd91a39af48aa17b4f63f175d3",
            ),
            (
                unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                &[0xcd; 50],
                "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
            ),
            (
                vec![0x0c; 20],
                b"Test With Truncation",
                "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04",
            ),
            (
                vec![0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "aa4ae5e15272d00e95705637ce8a3b55ed402112",
            ),
            (
                vec![0xaa; 80],
                b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
                "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
            ),
        ];
        for (key, message, want) in rows {
            assert_eq!(hex(&hmac(Sha1, &key, message)), want);
        }
    }

    /// RFC 4231 (HMAC-SHA-256, HMAC-SHA-512) test cases 1-4, 6 and 7 (5 is truncated output).
    #[test]
    fn hmac_sha2_rfc4231() {
        let long = b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.";
        let rows: [(Vec<u8>, &[u8], &str, &str); 6] = [
            (vec![0x0b; 20], b"Hi There",
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
             "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"),
            (b"Jefe".to_vec(), b"what do ya want for nothing?",
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
             "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"),
            (vec![0xaa; 20], &[0xdd; 50],
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
             "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"),
            (unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), &[0xcd; 50],
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
             "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"),
            (vec![0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First",
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
             "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"),
            (vec![0xaa; 131], long,
             "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
             "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"),
        ];
        for (key, message, sha256, sha512) in rows {
            assert_eq!(hex(&hmac(Sha256, &key, message)), sha256);
            assert_eq!(hex(&hmac(Sha512, &key, message)), sha512);
        }
    }

    /// Cross-checks against RustCrypto (`hmac`, `sha1`, `sha2`).
    #[cfg(not(target_arch = "wasm32"))]
    mod against_crates {
        use super::*;
        use hmac::{Hmac, Mac};
        use proptest::prelude::*;
        use sha2::Digest;

        fn theirs<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
            let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key).unwrap();
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn hmacs_match_rustcrypto(
                key in proptest::collection::vec(any::<u8>(), 0..300),
                message in proptest::collection::vec(any::<u8>(), 0..300),
            ) {
                prop_assert_eq!(hmac(Sha1, &key, &message), theirs::<Hmac<sha1::Sha1>>(&key, &message));
                prop_assert_eq!(hmac(Sha256, &key, &message), theirs::<Hmac<sha2::Sha256>>(&key, &message));
                prop_assert_eq!(hmac(Sha512, &key, &message), theirs::<Hmac<sha2::Sha512>>(&key, &message));
            }

            #[test]
            fn digests_match_rustcrypto(message in proptest::collection::vec(any::<u8>(), 0..400)) {
                prop_assert_eq!(digest(Sha1, &message), sha1::Sha1::digest(&message).to_vec());
                prop_assert_eq!(digest(Sha256, &message), sha2::Sha256::digest(&message).to_vec());
                prop_assert_eq!(digest(Sha512, &message), sha2::Sha512::digest(&message).to_vec());
            }
        }
    }
}
