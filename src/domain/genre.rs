//! The genre taxonomy of the original Artipul and validated genre paths such as `회화/풍경/중/가로형`.

use serde::{Deserialize, Serialize};

/// Top-level genres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Genre {
    Painting,
    Sculpture,
    Other,
}

impl Genre {
    pub const ALL: [Genre; 3] = [Genre::Painting, Genre::Sculpture, Genre::Other];

    // not-ui-text-begin: the taxonomy's values, stored on each work and used in links; shown through
    // `Locale::genre_segment` / `genre_path`
    pub fn ko(self) -> &'static str {
        match self {
            Genre::Painting => "회화",
            Genre::Sculpture => "조소",
            Genre::Other => "기타",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Genre::Painting => "Painting",
            Genre::Sculpture => "Sculpture",
            Genre::Other => "Other",
        }
    }

    pub fn from_ko(label: &str) -> Option<Genre> {
        Genre::ALL.into_iter().find(|g| g.ko() == label)
    }
}

pub const PAINTING_THEMES: [&str; 6] = ["인물", "풍경", "정물", "동물", "상상", "추상"];
pub const PAINTING_SIZES: [&str; 3] = ["소", "중", "대"];
pub const PAINTING_ORIENTATIONS: [&str; 3] = ["정방향", "가로형", "세로형"];
pub const SCULPTURE_KINDS: [&str; 2] = ["조각", "소조"];
const CARVING: [&str; 3] = ["목조", "석조", "금속조"];
const MODELLING: [&str; 3] = ["찰흙 소조", "시멘트", "브론즈"];

/// Genre paths (at any level) whose last segment contains `typed`, shallowest first (header suggestions).
pub fn paths_matching(typed: &str) -> Vec<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut level: Vec<Vec<&str>> = vec![Vec::new()];
    while !level.is_empty() {
        let mut next = Vec::new();
        for prefix in &level {
            for option in options_below(prefix).unwrap_or(&[]) {
                let mut path = prefix.clone();
                path.push(option);
                if option.contains(typed) {
                    let joined = path.join("/");
                    if !found.contains(&joined) {
                        found.push(joined);
                    }
                }
                next.push(path);
            }
        }
        level = next;
    }
    found
}

/// The options one level below `prefix` (`[]` at a leaf), or `None` when `prefix` is not in the taxonomy.
pub fn options_below(prefix: &[&str]) -> Option<&'static [&'static str]> {
    const TOP: [&str; 3] = ["회화", "조소", "기타"];
    let Some((first, rest)) = prefix.split_first() else {
        return Some(&TOP);
    };
    let in_set = |set: &[&str], v: &str| set.contains(&v);
    match (Genre::from_ko(first)?, rest) {
        (Genre::Painting, []) => Some(&PAINTING_THEMES),
        (Genre::Painting, [t]) if in_set(&PAINTING_THEMES, t) => Some(&PAINTING_SIZES),
        (Genre::Painting, [t, s]) if in_set(&PAINTING_THEMES, t) && in_set(&PAINTING_SIZES, s) => Some(&PAINTING_ORIENTATIONS),
        (Genre::Painting, [t, s, o]) if in_set(&PAINTING_THEMES, t) && in_set(&PAINTING_SIZES, s) && in_set(&PAINTING_ORIENTATIONS, o) => {
            Some(&[])
        }
        (Genre::Sculpture, []) => Some(&SCULPTURE_KINDS),
        (Genre::Sculpture, ["조각"]) => Some(&CARVING),
        (Genre::Sculpture, ["소조"]) => Some(&MODELLING),
        (Genre::Sculpture, ["조각", m]) if in_set(&CARVING, m) => Some(&[]),
        (Genre::Sculpture, ["소조", m]) if in_set(&MODELLING, m) => Some(&[]),
        (Genre::Other, []) => Some(&[]),
        _ => None,
    }
    // not-ui-text-end
}

/// A path in the taxonomy (`회화/풍경/중/가로형`), possibly partial (`회화/풍경`) for browsing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GenrePath(String);

pub const SEPARATOR: char = '/';

impl GenrePath {
    /// Accepts a path whose every segment exists at its level.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let segments: Vec<&str> = raw.split(SEPARATOR).map(str::trim).collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(crate::i18n::Key::ErrPickGenre.into());
        }
        match options_below(&segments) {
            Some(_) => Ok(GenrePath(segments.join("/"))),
            None => Err(crate::i18n::Msg::UnknownGenre { raw }.into()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split(SEPARATOR)
    }

    pub fn genre(&self) -> Genre {
        // `parse` guarantees the first segment is a known genre.
        Genre::from_ko(self.segments().next().unwrap_or_default()).unwrap_or(Genre::Other)
    }

    /// True when the path goes all the way down (a listing needs a complete path).
    pub fn is_leaf(&self) -> bool {
        let segments: Vec<&str> = self.segments().collect();
        options_below(&segments).is_some_and(|o| o.is_empty())
    }

    /// `회화 › 풍경 › 중 › 가로형`, for display.
    pub fn display(&self) -> String {
        self.segments().collect::<Vec<_>>().join(" › ")
    }
}

impl TryFrom<String> for GenrePath {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        GenrePath::parse(&value)
    }
}

impl From<GenrePath> for String {
    fn from(value: GenrePath) -> Self {
        value.0
    }
}

/// Every complete path in the taxonomy, in a stable order.
pub fn all_leaves() -> Vec<GenrePath> {
    fn walk(prefix: &mut Vec<&'static str>, out: &mut Vec<GenrePath>) {
        let options = options_below(prefix).unwrap_or(&[]);
        if options.is_empty() {
            out.push(GenrePath(prefix.join("/")));
            return;
        }
        for option in options {
            prefix.push(option);
            walk(prefix, out);
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    walk(&mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genre_suggestions_find_paths_at_any_level() {
        assert_eq!(paths_matching("풍경"), ["회화/풍경"]);
        assert_eq!(paths_matching("조각"), ["조소/조각"]);
        assert!(paths_matching("가로형").iter().all(|p| p.ends_with("가로형")));
        assert!(paths_matching("없는장르").is_empty());
    }

    #[test]
    fn accepts_paths_in_the_taxonomy() {
        for ok in ["회화", "회화/풍경", "회화/풍경/중/가로형", "조소/소조/브론즈", "기타"] {
            assert!(GenrePath::parse(ok).is_ok(), "{ok}");
        }
        assert!(GenrePath::parse("회화/풍경/중/가로형").unwrap().is_leaf());
        assert!(!GenrePath::parse("회화/풍경").unwrap().is_leaf());
    }

    #[test]
    fn refuses_paths_outside_the_taxonomy() {
        for bad in ["", "사진", "회화/브론즈", "조소/조각/브론즈", "기타/무엇", "회화//중", "회화/풍경/중/가로형/더"]
        {
            assert!(GenrePath::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn enumerates_every_leaf_once() {
        let leaves = all_leaves();
        // 6 themes × 3 sizes × 3 orientations + 6 sculpture kinds + 기타.
        assert_eq!(leaves.len(), 54 + 6 + 1);
        assert!(leaves.iter().all(GenrePath::is_leaf));
        let unique: std::collections::HashSet<_> = leaves.iter().collect();
        assert_eq!(unique.len(), leaves.len());
    }
}
