//! Search text rules shared by both search backends, the query builder and the page: the 2-gram analysis
//! (the same one Elasticsearch's `ngram` tokenizer does with `token_chars: [letter, digit]` and a lowercase
//! filter), query validation, highlighting and the "ending within" filter.

use serde::{Deserialize, Serialize};

/// A search query longer than this is refused (it would only add 2-grams that every match must have).
pub const QUERY_MAX_CHARS: usize = 50;

/// One 2-gram of a text: the lowercased pair and where it sits in the original (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gram {
    pub text: String,
    pub from: usize,
    pub to: usize,
}

/// Splits `text` into runs of letters and digits and yields every two-character window of each run,
/// lowercased. A run of a single character yields nothing (it cannot be searched on its own).
pub fn bigrams(text: &str) -> Vec<Gram> {
    let mut grams = Vec::new();
    let mut run: Vec<(usize, char)> = Vec::new();
    let flush = |run: &mut Vec<(usize, char)>, grams: &mut Vec<Gram>| {
        for pair in run.windows(2) {
            let (from, a) = pair[0];
            let (at, b) = pair[1];
            let mut text: String = a.to_lowercase().collect();
            text.extend(b.to_lowercase());
            grams.push(Gram { text, from, to: at + b.len_utf8() });
        }
        run.clear();
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            run.push((i, c));
        } else {
            flush(&mut run, &mut grams);
        }
    }
    flush(&mut run, &mut grams);
    grams
}

/// The distinct 2-grams of a query, in order of first appearance: every one must match somewhere.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for g in bigrams(query) {
        if !terms.contains(&g.text) {
            terms.push(g.text);
        }
    }
    terms
}

/// Checks a search box entry; the error is shown to the user as is.
pub fn validate_query(query: &str) -> Result<Vec<String>, String> {
    if query.chars().count() > QUERY_MAX_CHARS {
        return Err(crate::i18n::Msg::SearchTooLong { max: QUERY_MAX_CHARS }.into());
    }
    let terms = query_terms(query);
    if terms.is_empty() {
        return Err(crate::i18n::Key::ErrSearchTooShort.into());
    }
    Ok(terms)
}

/// A piece of highlighted text: `hit` pieces contain a searched 2-gram.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Marks every place in `text` covered by one of `terms` (lowercased 2-grams), as plain text segments
/// (never HTML: the page renders them as text nodes inside `<mark>`).
pub fn highlight(text: &str, terms: &[String]) -> Vec<Segment> {
    let mut covered = vec![false; text.len()];
    for g in bigrams(text) {
        if terms.contains(&g.text) {
            covered[g.from..g.to].iter_mut().for_each(|c| *c = true);
        }
    }
    let mut segments: Vec<Segment> = Vec::new();
    for (i, c) in text.char_indices() {
        let hit = covered[i];
        match segments.last_mut() {
            Some(last) if last.hit == hit => last.text.push(c),
            _ => segments.push(Segment { text: c.to_string(), hit }),
        }
    }
    segments
}

/// A window of about `max_chars` characters of `text` around its first highlighted place (with "…" where
/// cut), or `None` when nothing in `text` matches.
pub fn snippet(text: &str, terms: &[String], max_chars: usize) -> Option<Vec<Segment>> {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = bigrams(&flat).into_iter().find(|g| terms.contains(&g.text))?;
    let chars: Vec<(usize, char)> = flat.char_indices().collect();
    let at = chars.iter().position(|(i, _)| *i == first.from).unwrap_or(0);
    let start = at.saturating_sub(max_chars / 3);
    let end = (start + max_chars).min(chars.len());
    let from = chars[start].0;
    let to = chars.get(end).map_or(flat.len(), |(i, _)| *i);
    let mut segments = highlight(&flat[from..to], terms);
    if start > 0 {
        segments.insert(0, Segment { text: "…".into(), hit: false });
    }
    if end < chars.len() {
        segments.push(Segment { text: "…".into(), hit: false });
    }
    Some(segments)
}

/// The "ending within" filter of browse and search (live lots whose deadline is that close).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EndingWithin {
    Hour,
    Day,
    ThreeDays,
}

impl EndingWithin {
    pub const ALL: [EndingWithin; 3] = [EndingWithin::Hour, EndingWithin::Day, EndingWithin::ThreeDays];

    pub fn key(self) -> &'static str {
        match self {
            EndingWithin::Hour => "1h",
            EndingWithin::Day => "24h",
            EndingWithin::ThreeDays => "3d",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.key() == key)
    }

    pub fn duration(self) -> chrono::Duration {
        match self {
            EndingWithin::Hour => chrono::Duration::hours(1),
            EndingWithin::Day => chrono::Duration::hours(24),
            EndingWithin::ThreeDays => chrono::Duration::days(3),
        }
    }
}

/// What a search result adds to its card: the title and a piece of the description with the matches marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchMatch {
    pub id: u64,
    pub title: Vec<Segment>,
    pub snippet: Option<Vec<Segment>>,
}

/// One suggestion under the header search box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub kind: SuggestionKind,
    pub label: String,
    pub href: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SuggestionKind {
    Artwork,
    Artist,
    Genre,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        bigrams(s).into_iter().map(|g| g.text).collect()
    }

    #[test]
    fn bigrams_are_two_character_windows_of_letter_and_digit_runs() {
        assert_eq!(texts("푸른 바다 유화"), ["푸른", "바다", "유화"]);
        assert_eq!(texts("바다의 아침"), ["바다", "다의", "아침"]);
        assert_eq!(texts("Blue 바다!"), ["bl", "lu", "ue", "바다"]);
        assert_eq!(texts("2024년"), ["20", "02", "24", "4년"]);
        // Single characters and punctuation give nothing.
        assert!(texts("꽃 . a").is_empty());
        let g = &bigrams("푸른 바다")[1];
        assert_eq!(&"푸른 바다"[g.from..g.to], "바다");
    }

    #[test]
    fn queries_need_a_two_character_run_and_stay_short() {
        assert_eq!(validate_query("바다 바다의").unwrap(), ["바다", "다의"]);
        assert!(validate_query("꽃").is_err());
        assert!(validate_query("  ").is_err());
        assert!(validate_query(&"가".repeat(51)).is_err());
    }

    #[test]
    fn highlight_marks_matching_places_as_plain_text() {
        let terms = query_terms("바다");
        let segs = highlight("푸른 바다 <b>유화", &terms);
        let hits: Vec<&str> = segs.iter().filter(|s| s.hit).map(|s| s.text.as_str()).collect();
        assert_eq!(hits, ["바다"]);
        assert_eq!(segs.iter().map(|s| s.text.as_str()).collect::<String>(), "푸른 바다 <b>유화");
        assert!(highlight("하늘", &terms).iter().all(|s| !s.hit));
    }

    #[test]
    fn snippet_centres_on_the_first_match() {
        let text = format!("{} 깊은 바다를 그렸습니다. {}", "가나다라".repeat(20), "마바사".repeat(20));
        let s = snippet(&text, &query_terms("바다"), 30).unwrap();
        assert_eq!(s.first().unwrap().text, "…");
        assert_eq!(s.last().unwrap().text, "…");
        assert!(s.iter().any(|seg| seg.hit && seg.text == "바다"));
        assert!(snippet("하늘", &query_terms("바다"), 30).is_none());
    }
}
