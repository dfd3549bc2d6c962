//! The house rules that keep the source tree flowing one way, read from the source itself:
//! the layer table in ARCHITECTURE.md, the `crate::…` paths in src/, and file lengths.
//! A failure names the file and the import (or length) that breaks the rule.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// Past this, a hand-written file holds more than one responsibility (house style).
const MAX_LINES: usize = 600;

/// The table under "## Layers" in ARCHITECTURE.md: `| layer | modules |` rows, lowest first.
fn layer_table() -> Vec<(String, Vec<String>)> {
    let text = fs::read_to_string(Path::new(ROOT).join("ARCHITECTURE.md")).unwrap();
    let section = text
        .split("\n## Layers")
        .nth(1)
        .expect("ARCHITECTURE.md has a \"## Layers\" section");
    let section = section.split("\n## ").next().unwrap();
    let mut layers = Vec::new();
    for line in section.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if cells.len() < 2 || cells[0] == "layer" || cells[0].starts_with("---") {
            continue;
        }
        let modules = cells[1]
            .split(',')
            .map(|m| m.trim().trim_matches('`').to_string())
            .filter(|m| !m.is_empty())
            .collect();
        layers.push((cells[0].trim_matches('*').to_string(), modules));
    }
    assert!(
        layers.len() >= 4,
        "ARCHITECTURE.md's layer table has {} rows: {layers:?}",
        layers.len()
    );
    layers
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n == "target" || n == ".git")
            {
                continue;
            }
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under src/ belongs to: src/api/http.rs → api, src/main.rs → main.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Source text without comments, so that a doc comment naming `crate::x` is not an import.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['/', '"']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("//") {
            rest = tail.find('\n').map_or("", |n| &tail[n..]);
        } else if tail.starts_with("/*") {
            rest = tail.find("*/").map_or("", |n| &tail[n + 2..]);
        } else if tail.starts_with('"') {
            // Skip a string literal (escapes included) so that "//" inside it is not a comment.
            let bytes = tail.as_bytes();
            let mut j = 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            rest = tail.get(j + 1..).unwrap_or("");
        } else {
            out.push('/');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The top-level modules `code` names through `prefix::` (`crate::` in the library,
/// `cbrd::` in main.rs), including every name of a `prefix::{a, b::c}` group.
fn imported_modules(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut at = 0;
    while let Some(i) = code[at..].find(prefix) {
        let start = at + i;
        at = start + prefix.len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[at..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && depth == 0 && !c.is_whitespace() => {
                        item_start = false;
                        let name = ident_at(&group[k..]);
                        if !name.is_empty() {
                            found.insert(name.to_string());
                        }
                    }
                    _ => {}
                }
            }
        } else {
            let name = ident_at(rest);
            if !name.is_empty() {
                found.insert(name.to_string());
            }
        }
    }
    found
}

/// module → (modules it imports, with the first file that does).
fn import_graph() -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let src = Path::new(ROOT).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut graph: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for file in files {
        let module = module_of(&src, &file);
        if module == "lib" {
            continue; // lib.rs declares the modules; it imports nothing.
        }
        let code = strip_comments(&fs::read_to_string(&file).unwrap());
        let prefix = if module == "main" {
            "cbrd::"
        } else {
            "crate::"
        };
        let edges = graph.entry(module.clone()).or_default();
        for target in imported_modules(&code, prefix) {
            if target != module {
                edges.entry(target).or_insert_with(|| file.clone());
            }
        }
    }
    graph
}

#[test]
fn every_module_sits_in_one_layer_and_imports_only_its_own_or_lower_layers() {
    let layers = layer_table();
    let mut layer_of = BTreeMap::new();
    for (rank, (name, modules)) in layers.iter().enumerate() {
        for module in modules {
            let previous = layer_of.insert(module.clone(), (rank, name.clone()));
            assert!(
                previous.is_none(),
                "ARCHITECTURE.md puts `{module}` in two layers"
            );
        }
    }
    let graph = import_graph();
    let mut problems = Vec::new();
    for module in graph.keys() {
        if !layer_of.contains_key(module) {
            problems.push(format!(
                "src/{module}: not in ARCHITECTURE.md's layer table; add it to its layer"
            ));
        }
    }
    for module in layer_of.keys() {
        if !graph.contains_key(module) {
            problems.push(format!(
                "ARCHITECTURE.md's layer table names `{module}`, which is not a module in src/"
            ));
        }
    }
    for (module, edges) in &graph {
        let Some((rank, layer)) = layer_of.get(module) else {
            continue;
        };
        for (target, file) in edges {
            match layer_of.get(target) {
                Some((target_rank, target_layer)) if target_rank > rank => problems.push(format!(
                    "{}: {layer} module `{module}` imports `{target}`, which is in the higher \
                     layer {target_layer}",
                    file.strip_prefix(ROOT).unwrap().display()
                )),
                Some(_) => {}
                None => problems.push(format!(
                    "{}: imports `{target}`, which is not in ARCHITECTURE.md's layer table",
                    file.strip_prefix(ROOT).unwrap().display()
                )),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "layer rule broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_module_import_graph_has_no_circles() {
    let graph = import_graph();
    // Depth-first search; a back edge to a module on the current path closes a circle.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeMap<String, PathBuf>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        circles: &mut Vec<String>,
    ) {
        if done.contains(module) {
            return;
        }
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut circle = path[at..].to_vec();
            circle.push(module.to_string());
            circles.push(circle.join(" → "));
            return;
        }
        path.push(module.to_string());
        for target in graph.get(module).into_iter().flat_map(|e| e.keys()) {
            visit(target, graph, path, done, circles);
        }
        path.pop();
        done.insert(module.to_string());
    }
    let mut circles = Vec::new();
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done, &mut circles);
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn no_hand_written_rust_file_is_longer_than_600_lines() {
    let mut files = Vec::new();
    rust_files(Path::new(ROOT), &mut files);
    files.sort();
    let mut long = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = fs::read_to_string(file).unwrap();
        let generated = text.lines().take(5).any(|l| l.contains("@generated"));
        if generated {
            continue;
        }
        checked += 1;
        let lines = text.lines().count();
        if lines > MAX_LINES {
            long.push(format!(
                "{}: {lines} lines (split it by responsibility)",
                file.strip_prefix(ROOT).unwrap().display()
            ));
        }
    }
    assert!(checked > 50, "only {checked} Rust files found under {ROOT}");
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_import_reader_sees_groups_paths_and_ignores_comments() {
    let code = strip_comments(
        "use crate::a::B;\n// use crate::commented;\nuse crate::{c::D, e, f::{g, h}};\n\
         let s = \"crate::in_string\"; x = crate::i::j(); $crate::macro_path;\n\
         /* crate::block */ pub(crate) fn k() {}",
    );
    let found: Vec<String> = imported_modules(&code, "crate::").into_iter().collect();
    assert_eq!(found, ["a", "c", "e", "f", "i"]);
}
