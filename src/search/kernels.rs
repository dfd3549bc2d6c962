//! The compact-vector dot products, through SimSIMD (the only module that names it).
//!
//! SimSIMD picks its kernel at run time from the CPU's features: on x86_64 AVX2 (Haswell),
//! AVX-512 (Skylake), AVX-512 VNNI (Ice Lake), AVX-512 FP16 (Sapphire Rapids); on aarch64
//! NEON, NEON i8 dot-product / f16, SVE; a portable C loop elsewhere. It is a well-kept
//! library made for exactly this; the one kernel written here is int8 on AVX-512 VNNI (see
//! [`vnni`] for why). [`features`] says what is used (printed by `cbrd bench` and `cbrd info`).

use simsimd::SpatialSimilarity;

/// `Σ a·b` of two f16 vectors, accumulated in float32 by the kernel.
pub fn dot_f16(a: &[half::f16], b: &[half::f16]) -> f32 {
    let (a, b) = (as_simsimd(a), as_simsimd(b));
    simsimd::f16::dot(a, b).unwrap_or(f64::NAN) as f32
}

/// `Σ a·b` of two int8 vectors, exact (integer accumulation).
pub fn dot_i8(a: &[i8], b: &[i8]) -> i64 {
    #[cfg(target_arch = "x86_64")]
    if vnni::available() && a.len() == b.len() {
        // SAFETY: the CPU has AVX-512 F, BW and VNNI (checked at run time).
        return i64::from(unsafe { vnni::dot(a, b) });
    }
    i8::dot(a, b).map_or(0, |d| d as i64)
}

/// The one hand-written kernel: SimSIMD's int8 dot product widens to 16 bits (`vpdpwssd`,
/// 32 components per instruction) and stays compute-bound well above the memory floor. VNNI's
/// `vpdpbusd` multiplies 64 unsigned × signed bytes per instruction; with `a` shifted to
/// unsigned (`a ^ 0x80 = a + 128`), `Σ a·b = Σ (a + 128)·b − 128·Σ b`.
#[cfg(target_arch = "x86_64")]
mod vnni {
    use std::arch::x86_64::*;
    use std::sync::OnceLock;

    pub(super) fn available() -> bool {
        static ON: OnceLock<bool> = OnceLock::new();
        *ON.get_or_init(|| {
            is_x86_feature_detected!("avx512f")
                && is_x86_feature_detected!("avx512bw")
                && is_x86_feature_detected!("avx512vnni")
        })
    }

    /// # Safety
    /// The CPU must have AVX-512 F, BW and VNNI; `a` and `b` have the same length.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn dot(a: &[i8], b: &[i8]) -> i32 {
        let n = a.len().min(b.len());
        let full = n / 64 * 64;
        let flip = _mm512_set1_epi8(-128);
        let ones = _mm512_set1_epi8(1);
        let (mut acc, mut sum_b) = (_mm512_setzero_si512(), _mm512_setzero_si512());
        let mut i = 0;
        while i < full {
            // SAFETY: i + 64 <= n, unaligned loads.
            let (va, vb) = unsafe {
                (
                    _mm512_loadu_si512(a.as_ptr().add(i).cast()),
                    _mm512_loadu_si512(b.as_ptr().add(i).cast()),
                )
            };
            acc = _mm512_dpbusd_epi32(acc, _mm512_xor_si512(va, flip), vb);
            sum_b = _mm512_dpbusd_epi32(sum_b, ones, vb);
            i += 64;
        }
        let mut s = _mm512_reduce_add_epi32(acc) - 128 * _mm512_reduce_add_epi32(sum_b);
        for k in full..n {
            s += i32::from(a[k]) * i32::from(b[k]);
        }
        s
    }
}

fn as_simsimd(v: &[half::f16]) -> &[simsimd::f16] {
    const _: () = assert!(std::mem::size_of::<half::f16>() == std::mem::size_of::<simsimd::f16>());
    const _: () =
        assert!(std::mem::align_of::<half::f16>() == std::mem::align_of::<simsimd::f16>());
    // SAFETY: both types are `#[repr(transparent)]` over the IEEE half bits (u16), with the
    // same size and alignment (checked above), and the slice is only read.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<simsimd::f16>(), v.len()) }
}

/// The SIMD back-ends SimSIMD may use on this CPU, by SimSIMD's names (haswell: AVX2; skylake:
/// AVX-512; ice: AVX-512 VNNI; sapphire: AVX-512 FP16; neon_i8: NEON dot-product; …), most
/// capable first, or "serial" when none applies.
pub fn features() -> Vec<&'static str> {
    use simsimd::capabilities as c;
    let all: [(bool, &str); 13] = [
        (c::uses_sierra(), "sierra"),
        (c::uses_turin(), "turin"),
        (c::uses_sapphire(), "sapphire"),
        (c::uses_genoa(), "genoa"),
        (c::uses_ice(), "ice"),
        (c::uses_skylake(), "skylake"),
        (c::uses_haswell(), "haswell"),
        (c::uses_sve_i8(), "sve_i8"),
        (c::uses_sve_f16(), "sve_f16"),
        (c::uses_sve(), "sve"),
        (c::uses_neon_i8(), "neon_i8"),
        (c::uses_neon_f16(), "neon_f16"),
        (c::uses_neon(), "neon"),
    ];
    let mut v: Vec<&str> = all.iter().filter(|(on, _)| *on).map(|(_, n)| *n).collect();
    #[cfg(target_arch = "x86_64")]
    if vnni::available() {
        v.insert(0, "int8: cbrd's vpdpbusd");
    }
    if v.is_empty() { vec!["serial"] } else { v }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_match_a_plain_loop_at_every_length() {
        for n in [0usize, 1, 7, 31, 32, 33, 64, 100, 1280, 1283] {
            let a: Vec<i8> = (0..n)
                .map(|i| ((i * 37 % 255) as i32 - 127) as i8)
                .collect();
            let b: Vec<i8> = (0..n)
                .map(|i| ((i * 91 % 255) as i32 - 127) as i8)
                .collect();
            let want: i64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| i64::from(*x) * i64::from(*y))
                .sum();
            assert_eq!(dot_i8(&a, &b), want, "int8, n = {n}");
            let fa: Vec<half::f16> = (0..n)
                .map(|i| half::f16::from_f32((i as f32 * 0.37).sin() / 8.0))
                .collect();
            let fb: Vec<half::f16> = (0..n)
                .map(|i| half::f16::from_f32((i as f32 * 0.11).cos() / 8.0))
                .collect();
            let want: f64 = fa
                .iter()
                .zip(&fb)
                .map(|(x, y)| f64::from(x.to_f32()) * f64::from(y.to_f32()))
                .sum();
            let got = f64::from(dot_f16(&fa, &fb));
            assert!((got - want).abs() < 1e-3, "f16, n = {n}: {got} vs {want}");
        }
    }

    #[test]
    fn the_vnni_kernel_matches_simsimd_when_the_cpu_has_it() {
        #[cfg(target_arch = "x86_64")]
        if vnni::available() {
            for n in [0usize, 1, 63, 64, 65, 1280, 1283] {
                let a: Vec<i8> = (0..n)
                    .map(|i| ((i * 37 % 256) as i32 - 128) as i8)
                    .collect();
                let b: Vec<i8> = (0..n)
                    .map(|i| ((i * 91 % 255) as i32 - 127) as i8)
                    .collect();
                let want = i8::dot(&a, &b).unwrap() as i64;
                assert_eq!(i64::from(unsafe { vnni::dot(&a, &b) }), want, "n = {n}");
            }
        }
    }

    #[test]
    fn extremes_do_not_overflow() {
        let a = vec![-127i8; 4096];
        assert_eq!(dot_i8(&a, &a), 127 * 127 * 4096);
    }
}
