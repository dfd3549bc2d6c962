//! Checks a shared library file before it is handed to `dlopen`: the loader maps the file and a
//! truncated one (an interrupted copy or download) crashes the process with SIGBUS on first
//! touch, with no message. Here: the ELF header, that it is a shared object for this machine,
//! and that every loadable segment and the section table lie inside the file. Pure: bytes in,
//! a reason out.

/// Why a file is not a loadable shared library for this machine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LibraryFileError {
    /// Not an ELF file at all.
    #[error("not an ELF shared library (it starts with {0})")]
    NotElf(String),
    /// An ELF file for another kind of machine.
    #[error("built for {found}, but this machine is {expected}")]
    WrongMachine {
        /// What the file is for.
        found: String,
        /// What this build runs on.
        expected: &'static str,
    },
    /// An executable or object file, not a shared library.
    #[error("an ELF file of type {0}, not a shared library")]
    NotShared(u16),
    /// The file ends before data its headers point to.
    #[error(
        "truncated: its headers need {needed} bytes but the file has {size} (an interrupted copy \
         or download?)"
    )]
    Truncated {
        /// Bytes the headers refer to.
        needed: u64,
        size: u64,
    },
}

const ELF_MAGIC: &[u8; 4] = b"\x7fELF";

/// Integers of the header in the file's byte order (offsets are within the bytes read; the
/// callers check the length first).
struct Endian<'a> {
    head: &'a [u8],
    little: bool,
}

impl Endian<'_> {
    fn bytes<const N: usize>(&self, at: usize) -> [u8; N] {
        let mut b: [u8; N] = self.head[at..at + N].try_into().expect("N bytes");
        if !self.little {
            b.reverse();
        }
        b
    }
    fn u16(&self, at: usize) -> u16 {
        u16::from_le_bytes(self.bytes(at))
    }
    fn u32(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.bytes(at))
    }
    fn u64(&self, at: usize) -> u64 {
        u64::from_le_bytes(self.bytes(at))
    }
}
const ET_DYN: u16 = 3;
const PT_LOAD: u32 = 1;

/// The ELF class and machine this build needs (`e_ident[EI_CLASS]`, `e_machine`).
fn this_machine() -> (u8, u16, &'static str) {
    match std::env::consts::ARCH {
        "x86_64" => (2, 62, "x86_64"),
        "aarch64" => (2, 183, "aarch64 (arm64)"),
        "arm" => (1, 40, "32-bit arm"),
        "x86" => (1, 3, "32-bit x86"),
        "riscv64" => (2, 243, "riscv64"),
        other => (0, 0, other),
    }
}

fn machine_name(class: u8, machine: u16) -> String {
    match (class, machine) {
        (2, 62) => "x86_64".into(),
        (2, 183) => "aarch64 (arm64)".into(),
        (1, 40) => "32-bit arm".into(),
        (1, 3) => "32-bit x86".into(),
        (2, 243) => "riscv64".into(),
        (c, m) => format!("ELF machine {m} ({}-bit)", if c == 2 { 64 } else { 32 }),
    }
}

/// Checks the start of a library file (its first ~64 KiB are enough for the headers of any
/// library we load; `size` is the whole file's size).
pub fn check(head: &[u8], size: u64) -> Result<(), LibraryFileError> {
    if head.len() < 16 || &head[..4] != ELF_MAGIC {
        let shown: String = head
            .iter()
            .take(4)
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" ");
        return Err(LibraryFileError::NotElf(if shown.is_empty() {
            "nothing: it is empty".into()
        } else {
            shown
        }));
    }
    let class = head[4];
    let little = head[5] == 1;
    let (want_class, want_machine, expected) = this_machine();
    let wide = class == 2;
    let header_len = if wide { 64 } else { 52 };
    if head.len() < header_len {
        return Err(LibraryFileError::Truncated {
            needed: header_len as u64,
            size,
        });
    }
    let e = Endian { head, little };
    let machine = e.u16(18);
    if (class, machine) != (want_class, want_machine) || !little {
        return Err(LibraryFileError::WrongMachine {
            found: machine_name(class, machine),
            expected,
        });
    }
    let e_type = e.u16(16);
    if e_type != ET_DYN {
        return Err(LibraryFileError::NotShared(e_type));
    }
    let (phoff, shoff, phentsize, phnum, shentsize, shnum) = if wide {
        (
            e.u64(32),
            e.u64(40),
            e.u16(54),
            e.u16(56),
            e.u16(58),
            e.u16(60),
        )
    } else {
        (
            u64::from(e.u32(28)),
            u64::from(e.u32(32)),
            e.u16(42),
            e.u16(44),
            e.u16(46),
            e.u16(48),
        )
    };
    let mut needed = 0u64;
    let mut need = |end: u64| needed = needed.max(end);
    need(phoff + u64::from(phentsize) * u64::from(phnum));
    need(shoff + u64::from(shentsize) * u64::from(shnum));
    for i in 0..u64::from(phnum) {
        let at = phoff + i * u64::from(phentsize);
        let Ok(at) = usize::try_from(at) else { break };
        let entry_len = if wide { 56 } else { 32 };
        if at + entry_len > head.len() {
            break; // headers beyond what was read: checked against the size above
        }
        let (p_type, p_offset, p_filesz) = if wide {
            (e.u32(at), e.u64(at + 8), e.u64(at + 32))
        } else {
            (
                e.u32(at),
                u64::from(e.u32(at + 4)),
                u64::from(e.u32(at + 16)),
            )
        };
        if p_type == PT_LOAD {
            need(p_offset.saturating_add(p_filesz));
        }
    }
    if needed > size {
        return Err(LibraryFileError::Truncated { needed, size });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal 64-bit little-endian shared object header for this machine with one PT_LOAD
    /// segment of `load_end` bytes and a section table at `shoff`.
    fn elf(load_end: u64, shoff: u64) -> Vec<u8> {
        let (class, machine, _) = this_machine();
        assert_eq!(class, 2, "tests assume a 64-bit build");
        let mut h = vec![0u8; 64 + 56];
        h[..4].copy_from_slice(ELF_MAGIC);
        h[4] = 2;
        h[5] = 1;
        h[6] = 1;
        h[16..18].copy_from_slice(&ET_DYN.to_le_bytes());
        h[18..20].copy_from_slice(&machine.to_le_bytes());
        h[32..40].copy_from_slice(&64u64.to_le_bytes()); // phoff
        h[40..48].copy_from_slice(&shoff.to_le_bytes());
        h[54..56].copy_from_slice(&56u16.to_le_bytes());
        h[56..58].copy_from_slice(&1u16.to_le_bytes());
        h[58..60].copy_from_slice(&64u16.to_le_bytes());
        h[60..62].copy_from_slice(&2u16.to_le_bytes());
        h[64..68].copy_from_slice(&PT_LOAD.to_le_bytes());
        h[64 + 32..64 + 40].copy_from_slice(&load_end.to_le_bytes());
        h
    }

    #[test]
    fn whole_truncated_foreign_and_junk_files() {
        let h = elf(4000, 5000);
        assert_eq!(check(&h, 5128), Ok(()));
        assert_eq!(
            check(&h, 4500),
            Err(LibraryFileError::Truncated {
                needed: 5128,
                size: 4500
            })
        );
        let h = elf(9000, 100);
        assert!(matches!(
            check(&h, 5000),
            Err(LibraryFileError::Truncated { needed: 9000, .. })
        ));
        let mut foreign = elf(100, 100);
        let other = if std::env::consts::ARCH == "aarch64" {
            62u16
        } else {
            183
        };
        foreign[18..20].copy_from_slice(&other.to_le_bytes());
        let err = check(&foreign, 1000).unwrap_err();
        assert!(
            matches!(err, LibraryFileError::WrongMachine { .. }),
            "{err}"
        );
        let mut exe = elf(100, 100);
        exe[16..18].copy_from_slice(&2u16.to_le_bytes());
        assert_eq!(check(&exe, 1000), Err(LibraryFileError::NotShared(2)));
        assert!(matches!(
            check(b"<html>404</html>", 16),
            Err(LibraryFileError::NotElf(_))
        ));
        assert_eq!(
            check(b"", 0),
            Err(LibraryFileError::NotElf("nothing: it is empty".into()))
        );
        assert!(matches!(
            check(&elf(1, 1)[..40], 40),
            Err(LibraryFileError::Truncated { .. })
        ));
    }
}
