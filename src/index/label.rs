//! Class labels: what is accepted, and the form (Unicode NFC) they are stored and compared in.

use super::IndexError;

/// Longest accepted class label, in bytes.
pub const MAX_LABEL_BYTES: usize = 200;

/// Checks a class label and returns it in Unicode NFC, the form it is stored and compared in
/// ("café" typed with a precomposed é or with e + a combining accent is one class). Refused:
/// empty, surrounding white space, control characters, invisible format characters (general
/// category Cf: bidi controls such as U+202E, which make a label display as another one,
/// zero-width spaces, BOM, tags; except ZWJ and ZWNJ, which emoji sequences and several
/// scripts need), more than [`MAX_LABEL_BYTES`] bytes.
pub fn validate_label(label: &str) -> Result<String, IndexError> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

    let bad = |reason: String| {
        Err(IndexError::BadLabel {
            label: label.to_string(),
            reason,
        })
    };
    let nfc: String = label.nfc().collect();
    if nfc.is_empty() {
        return bad("it is empty".into());
    }
    if nfc.trim() != nfc {
        return bad("it starts or ends with white space".into());
    }
    if nfc.chars().any(char::is_control) {
        return bad("it contains control characters (newline, tab, …)".into());
    }
    if let Some(c) = nfc.chars().find(|&c| {
        c.general_category() == GeneralCategory::Format && !matches!(c, '\u{200C}' | '\u{200D}')
    }) {
        return bad(format!(
            "it contains the invisible format character U+{:04X}{}; type the label without it",
            c as u32,
            if is_bidi_control(c) {
                " (a bidirectional-text control, which can make a label look like another)"
            } else {
                ""
            }
        ));
    }
    if nfc.len() > MAX_LABEL_BYTES {
        return bad(format!("it is longer than {MAX_LABEL_BYTES} bytes"));
    }
    Ok(nfc)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether two labels are the same class label: equal once both are in NFC (labels stored by
/// versions before NFC normalisation may not be).
pub(super) fn same_label(stored: &str, nfc: &str) -> bool {
    use unicode_normalization::{UnicodeNormalization, is_nfc};
    stored == nfc || (!is_nfc(stored) && stored.nfc().eq(nfc.chars()))
}

pub(super) fn nfc(label: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    label.nfc().collect()
}
