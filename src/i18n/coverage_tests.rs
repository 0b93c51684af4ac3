//! The catalogue is the only place user-visible words live: Hangul in UI code outside `src/i18n/` fails
//! here, as does an English entry left in Korean.

use std::path::{Path, PathBuf};

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

/// Everything that is not a comment on a line of code (a `//` inside a string literal is kept).
fn code_of(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") {
        return "";
    }
    let mut in_string = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'/' if !in_string && bytes.get(i + 1) == Some(&b'/') => return &line[..i],
            _ => {}
        }
        i += 1;
    }
    line
}

/// Files whose Hangul is not UI text: the catalogue itself, tests, the demo's content (seed), and the
/// local fakes of outside services (their pages stand in for the real provider's).
fn exempt(path: &Path) -> bool {
    let p = path.to_string_lossy().replace('\\', "/");
    p.contains("/src/i18n/")
        || p.contains("/src/server/seed/")
        || p.contains("/src/server/testing/")
        || p.ends_with("tests.rs")
        || p.ends_with("/src/server/wallet/test_gateway.rs")
        || p.ends_with("/src/server/auth/social/fake_provider.rs")
}

/// `file:line: text` for each line of code under `root` (recursively) with Hangul outside comments and
/// `#[cfg(test)]` code. Korean that is data or operator text, not words for members, is marked where it
/// stands, with the reason: a `// not-ui-text: why` comment at the end of the line or on the line before,
/// or a block between `// not-ui-text-begin: why` and `// not-ui-text-end`.
fn hangul_lines(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    collect(root, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !exempt(f)) {
        let text = std::fs::read_to_string(file).expect("read a source file");
        let lines: Vec<&str> = text.lines().collect();
        let (mut in_block, mut marked_next) = (false, false);
        for (n, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("#[cfg(test)]") {
                // `#[cfg(test)] mod tests;` declares a file of its own (checked, or exempt, by its name);
                // anything else under the attribute is the rest of the file's test code.
                if lines.get(n + 1).is_some_and(|next| is_mod_declaration(next.trim())) {
                    continue;
                }
                break;
            }
            let marked = std::mem::take(&mut marked_next) || in_block;
            if trimmed.starts_with("// not-ui-text-begin:") {
                in_block = true;
            } else if trimmed.starts_with("// not-ui-text-end") {
                in_block = false;
            } else if trimmed.starts_with("// not-ui-text:") {
                marked_next = true;
            }
            if !marked && !line.contains("// not-ui-text:") && code_of(line).chars().any(is_hangul) {
                let short = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(file);
                found.push(format!("{}:{}: {}", short.display(), n + 1, line.trim()));
            }
        }
        if in_block {
            let short = file.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(file);
            found.push(format!("{}: unclosed: a not-ui-text-begin block without its not-ui-text-end", short.display()));
        }
    }
    found
}

/// `mod x;`, `pub mod x;`, `pub(crate) mod x;`.
fn is_mod_declaration(line: &str) -> bool {
    let rest = line.strip_prefix("pub(crate) ").or_else(|| line.strip_prefix("pub ")).unwrap_or(line);
    rest.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')).is_some_and(|name| name.chars().all(|c| c.is_alphanumeric() || c == '_'))
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read a source directory") {
            collect(&entry.expect("a directory entry").path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

fn src(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel)
}

#[test]
fn ui_code_has_no_words_outside_the_catalogue() {
    let mut found = hangul_lines(&src("pages"));
    found.extend(hangul_lines(&src("components")));
    found.extend(hangul_lines(&src("app.rs")));
    assert!(found.is_empty(), "Hangul in UI code — move it to the catalogue (src/i18n):\n{}", found.join("\n"));
}

/// Server messages (errors, notifications, e-mails, SMS, pages written by the server) come from the
/// catalogue too: Korean left in server code is data or operator text, marked as such.
#[test]
fn server_code_has_no_words_outside_the_catalogue() {
    let mut found = hangul_lines(&src("server"));
    found.extend(hangul_lines(&src("api")));
    found.extend(hangul_lines(&src("domain")));
    found.extend(hangul_lines(&src("error.rs")));
    assert!(
        found.is_empty(),
        "Korean-only server text — move it to the catalogue (src/i18n), or mark data with `// not-ui-text: why`:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_marker_is_honoured_and_nothing_else() {
    let dir = std::env::temp_dir().join(format!("artipul-hangul-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("probe.rs"),
        "let a = \"가\"; // not-ui-text: data\n\
         // not-ui-text: the next line\nlet b = \"나\";\nlet c = \"다\";\n\
         // not-ui-text-begin: block\nlet d = \"라\";\n// not-ui-text-end\nlet e = \"마\"; // 바\nlet f = \"// 사\";\n\
         #[cfg(test)]\npub(crate) mod t;\nlet g = \"아\";\n#[cfg(test)]\nmod inline {\nlet h = \"자\";\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("unclosed.rs"), "// not-ui-text-begin: forgot the end\nlet i = \"차\";\n").unwrap();
    let found = hangul_lines(&dir);
    std::fs::remove_dir_all(&dir).ok();
    let lines: Vec<&str> = found.iter().map(|l| l.rsplit(": ").next().unwrap()).collect();
    assert_eq!(
        lines,
        [
            "let c = \"다\";",
            "let e = \"마\"; // 바",
            "let f = \"// 사\";",
            "let g = \"아\";",
            "a not-ui-text-begin block without its not-ui-text-end"
        ]
    );
}

/// `(key, text)` of each entry of a catalogue file.
fn entries(file: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(src(file)).expect("read a catalogue");
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_prefix("Key::")?;
            let (key, value) = rest.split_once(" => ")?;
            Some((key.to_string(), value.trim_end_matches(',').to_string()))
        })
        .collect()
}

#[test]
fn every_key_has_both_languages_and_english_is_english() {
    let ko = entries("i18n/ko.rs");
    let en = entries("i18n/en.rs");
    assert!(ko.len() > 300, "the catalogue parser found {} Korean entries", ko.len());
    let ko_keys: Vec<&str> = ko.iter().map(|(k, _)| k.as_str()).collect();
    let en_keys: Vec<&str> = en.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(ko_keys, en_keys, "the two catalogues list the same keys in the same order");
    // Korean on purpose: the language switch names Korean in Korean; a college is entered by its Korean
    // name, which the English label shows.
    const KOREAN_ON_PURPOSE: [&str; 3] = ["SwitchLanguage", "FieldCollege", "ErrCollegeFormat"];
    let untranslated: Vec<String> = en
        .iter()
        .filter(|(k, v)| v.chars().any(is_hangul) && !KOREAN_ON_PURPOSE.contains(&k.as_str()))
        .map(|(k, v)| format!("{k} => {v}"))
        .collect();
    assert!(untranslated.is_empty(), "English entries in Korean:\n{}", untranslated.join("\n"));
    let empty: Vec<&str> = ko.iter().chain(&en).filter(|(_, v)| v == "\"\"").map(|(k, _)| k.as_str()).collect();
    assert!(empty.is_empty(), "empty entries: {empty:?}");
}

#[test]
fn the_scanner_sees_code_and_skips_comments() {
    assert_eq!(code_of("    // 주석"), "");
    assert_eq!(code_of(r#"let a = "한글"; // 주석"#), r#"let a = "한글"; "#);
    assert_eq!(code_of(r#"let url = "http://x/한"; "#), r#"let url = "http://x/한"; "#);
    assert!(code_of(r#"f("a\"b", "한")"#).chars().any(is_hangul));
}
