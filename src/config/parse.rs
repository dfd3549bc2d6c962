//! TOML text → [`RawConfig`], reporting every syntax, type and unknown-key error at once, each
//! with its line and key path (`cbrd.toml:12:1: camera.widht: unknown key …`), instead of
//! serde's first error only.
//!
//! The parser recovers from syntax errors (`toml`'s `DeTable::parse_recoverable`); then each key
//! of each section is deserialised on its own into the section's raw struct, so that one bad
//! key does not hide the next. Only when all of them pass is the whole file deserialised.

use std::path::Path;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::{
    ConfigError, RawApi, RawButton, RawCamera, RawConfig, RawDecision, RawEdgeTpu, RawEnroll,
    RawIndex, RawLed, RawMatch, RawModel, RawOutput, RawPreprocess, RawRuntime,
};

/// The sections, in the order of the reference config.
pub const SECTIONS: &[&str] = &[
    "model",
    "runtime",
    "edgetpu",
    "index",
    "match",
    "preprocess",
    "camera",
    "decision",
    "button",
    "led",
    "enroll",
    "output",
    "api",
];

/// Parses `text` (the contents of `file`, which is only used in messages).
pub fn parse(text: &str, file: &Path) -> Result<RawConfig, ConfigError> {
    let at = |span: &Option<std::ops::Range<usize>>| match span {
        Some(s) => {
            let (line, col) = line_col(text, s.start);
            format!("{}:{line}:{col}", file.display())
        }
        None => file.display().to_string(),
    };
    let (doc, syntax) = DeTable::parse_recoverable(text);
    // (where, message), sorted by position at the end.
    let mut problems: Vec<(Option<std::ops::Range<usize>>, String)> = syntax
        .iter()
        .map(|e| (e.span(), one_line(e.message())))
        .collect();
    for (key, value) in doc.get_ref().iter() {
        let name = key.get_ref().as_ref();
        let span = Some(key.span());
        let check = match name {
            "model" => check_section::<RawModel>,
            "runtime" => check_section::<RawRuntime>,
            "edgetpu" => check_section::<RawEdgeTpu>,
            "index" => check_section::<RawIndex>,
            "match" => check_section::<RawMatch>,
            "preprocess" => check_section::<RawPreprocess>,
            "camera" => check_section::<RawCamera>,
            "decision" => check_section::<RawDecision>,
            "button" => check_section::<RawButton>,
            "led" => check_section::<RawLed>,
            "enroll" => check_section::<RawEnroll>,
            "output" => check_section::<RawOutput>,
            "api" => check_section::<RawApi>,
            _ => {
                problems.push((
                    span,
                    format!(
                        "[{name}]: unknown section; the sections are {}",
                        SECTIONS.join(", ")
                    ),
                ));
                continue;
            }
        };
        for (key_span, key_path, message) in check(name, value) {
            problems.push((key_span, format!("{key_path}: {message}")));
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|(span, _)| span.as_ref().map_or(usize::MAX, |s| s.start));
        return Err(ConfigError {
            problems: problems
                .iter()
                .map(|(span, m)| format!("{}: {m}", at(span)))
                .collect(),
        });
    }
    serde::Deserialize::deserialize(toml::de::Deserializer::from(doc)).map_err(|e| ConfigError {
        problems: vec![format!("{}: {}", at(&e.span()), one_line(e.message()))],
    })
}

/// The problems of one section: (where, key path, message) per bad key.
type Problems = Vec<(Option<std::ops::Range<usize>>, String, String)>;

fn check_section<T: DeserializeOwned>(name: &str, value: &Spanned<DeValue<'_>>) -> Problems {
    let DeValue::Table(table) = value.get_ref() else {
        return vec![(
            Some(value.span()),
            name.to_string(),
            format!(
                "must be a section ([{name}] with keys under it), not a {}",
                kind(value.get_ref())
            ),
        )];
    };
    let mut out = Vec::new();
    for (k, v) in table.iter() {
        let mut one = DeTable::new();
        one.insert(k.clone(), v.clone());
        let de = ValueDeserializer::from(Spanned::new(value.span(), DeValue::Table(one)));
        if let Err(e) = T::deserialize(de) {
            let key = k.get_ref().as_ref();
            // serde's words for Rust types, in the words of the config file.
            let message = one_line(e.message())
                .replace("unknown field", "unknown key")
                .replace("expected one of", "the keys of this section are")
                .replace("expected i64", "expected an integer")
                .replace("expected f64", "expected a number")
                .replace("expected f32", "expected a number");
            out.push((
                e.span().or(Some(k.span())),
                format!("{name}.{key}"),
                message,
            ));
        }
    }
    out
}

fn kind(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "string",
        DeValue::Integer(_) => "integer",
        DeValue::Float(_) => "float",
        DeValue::Boolean(_) => "boolean",
        DeValue::Datetime(_) => "date-time",
        DeValue::Array(_) => "array",
        DeValue::Table(_) => "table",
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        parse(text, Path::new("c.toml")).unwrap_err().problems
    }

    #[test]
    fn a_good_file_parses() {
        let raw = parse(
            "[model]\npath = \"m.tflite\"\n[camera]\nsource = \"folder\"\nrate = 2.5\n\
             [edgetpu]\noptions = { device = \"usb\" }\n[match]\ntop_k = 3",
            Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(raw.camera.rate, Some(2.5));
        assert_eq!(raw.matching.top_k, Some(3));
        assert_eq!(raw.edgetpu.options.unwrap()["device"], "usb");
    }

    #[test]
    fn every_type_and_unknown_key_error_is_reported_with_line_and_key() {
        let p = problems(
            "[camera]\nwidht = 640\nheight = \"tall\"\nfps = 15\n\n[runtime]\nthreads = 2\nxnnpack = 1\n\
             [nonsense]\nx = 1\n[api]\nenabled = true\nport = 8080\n",
        );
        assert_eq!(p.len(), 5, "{p:#?}");
        assert!(
            p[0].starts_with("c.toml:2:1: camera.widht: unknown key `widht`"),
            "{}",
            p[0]
        );
        assert!(p[0].contains("the keys of this section are"), "{}", p[0]);
        assert!(
            p[1].starts_with("c.toml:3:10: camera.height: invalid type"),
            "{}",
            p[1]
        );
        assert!(
            p[2].starts_with("c.toml:8:11: runtime.xnnpack: invalid type"),
            "{}",
            p[2]
        );
        assert!(
            p[3].starts_with("c.toml:9:2: [nonsense]: unknown section"),
            "{}",
            p[3]
        );
        assert!(
            p[4].starts_with("c.toml:13:1: api.port: unknown key"),
            "{}",
            p[4]
        );
    }

    #[test]
    fn every_syntax_error_is_reported_with_its_line() {
        let p =
            problems("[model]\npath = \"m.tflite\n[runtime]\nthreads = = 2\n[index]\npath = 'x'\n");
        assert!(p.len() >= 2, "{p:#?}");
        assert!(p.iter().any(|l| l.starts_with("c.toml:2:")), "{p:#?}");
        assert!(p.iter().any(|l| l.starts_with("c.toml:4:")), "{p:#?}");
    }

    #[test]
    fn a_section_that_is_not_a_table() {
        let p = problems("model = \"m.tflite\"\n");
        assert_eq!(p.len(), 1);
        assert!(p[0].contains("model: must be a section"), "{}", p[0]);
        assert!(p[0].contains("not a string"), "{}", p[0]);
    }

    #[test]
    fn positions_are_in_characters() {
        assert_eq!(line_col("ab\ncé d", 7), (2, 4));
        assert_eq!(line_col("x", 99), (1, 2));
    }
}
