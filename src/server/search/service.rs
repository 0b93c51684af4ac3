//! The search page (`/artworks?q=…` with every browse filter) and the header's suggestions.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{SearchError, SearchHits, SearchRequest};
use crate::domain::search::{highlight, snippet, validate_query, SearchMatch, Suggestion, SuggestionKind};
use crate::domain::{BrowsePage, BrowseQuery, GenreFacet, PAGE_SIZE};
use crate::error::AppError;
use crate::server::AppState;

/// A search that takes longer than this is reported as unavailable (browse keeps working).
const SEARCH_TIMEOUT: Duration = Duration::from_secs(3);
const SNIPPET_CHARS: usize = 80;
const SUGGESTIONS: usize = 8;

fn unavailable(e: SearchError) -> AppError {
    tracing::warn!(error = %e, "search failed");
    AppError::unavailable(crate::i18n::Key::ErrSearchUnavailable) // the cause is only logged
}

/// The backend request for a browse query with search text (the terms already validated).
pub fn request(q: &BrowseQuery, terms: Vec<String>, page: u32, now: DateTime<Utc>) -> SearchRequest {
    let prefix: Vec<&str> = q.genre.split('/').filter(|s| !s.is_empty()).collect();
    let facet_depth = crate::domain::genre::options_below(&prefix).filter(|o| !o.is_empty()).map(|_| prefix.len() + 1);
    SearchRequest {
        terms,
        filters: q.clone(),
        offset: ((page.max(1) - 1) * PAGE_SIZE) as usize,
        limit: PAGE_SIZE as usize,
        facet_depth,
        now,
    }
}

async fn run(state: &AppState, req: &SearchRequest) -> Result<SearchHits, AppError> {
    match tokio::time::timeout(SEARCH_TIMEOUT, state.search.backend.search(req)).await {
        Ok(result) => result.map_err(unavailable),
        Err(_) => Err(unavailable(SearchError::Unavailable("timed out".into()))),
    }
}

/// One page of search results, shaped like a browse page (cards from MySQL in the backend's order).
pub async fn search_page(state: &AppState, q: &BrowseQuery, now: DateTime<Utc>) -> Result<BrowsePage, AppError> {
    let terms = validate_query(&q.q).map_err(AppError::bad_request)?;
    let mut req = request(q, terms.clone(), q.page, now);
    let mut hits = run(state, &req).await?;
    let total = u32::try_from(hits.total).unwrap_or(u32::MAX);
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = q.page.clamp(1, pages);
    if page != q.page {
        // Past the last page: show the last one (as browse does).
        req = request(q, terms.clone(), page, now);
        hits = run(state, &req).await?;
    }
    let rows = crate::server::artworks::queries::cards_by_ids(&state.db, &hits.ids).await?;
    let matches = rows
        .iter()
        .map(|(card, description)| SearchMatch {
            id: card.id,
            title: highlight(&card.title, &terms),
            snippet: snippet(&crate::server::markdown::to_plain_text(description), &terms, SNIPPET_CHARS),
        })
        .collect();
    let facets = facets(q, &hits);
    Ok(BrowsePage { cards: rows.into_iter().map(|(c, _)| c).collect(), total, page, pages, facets, matches, server_now: now })
}

fn facets(q: &BrowseQuery, hits: &SearchHits) -> Vec<GenreFacet> {
    let prefix: Vec<&str> = q.genre.split('/').filter(|s| !s.is_empty()).collect();
    let Some(options) = crate::domain::genre::options_below(&prefix) else { return Vec::new() };
    options
        .iter()
        .map(|label| {
            let path = if prefix.is_empty() { label.to_string() } else { format!("{}/{label}", q.genre) };
            let count = hits.facets.iter().find(|(p, _)| *p == path).map_or(0, |(_, n)| *n);
            GenreFacet { path, label: label.to_string(), count: u32::try_from(count).unwrap_or(u32::MAX) }
        })
        .collect()
}

/// Suggestions for what is typed so far: matching genres, artists whose nickname starts with it, and the
/// best-matching titles (when the search backend answers; suggestions never fail the page).
pub async fn suggestions(state: &AppState, typed: &str, now: DateTime<Utc>) -> Result<Vec<Suggestion>, AppError> {
    let typed = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if typed.is_empty() || typed.chars().count() > crate::domain::search::QUERY_MAX_CHARS {
        return Ok(Vec::new());
    }
    let mut out: Vec<Suggestion> = Vec::new();
    if let Ok(terms) = validate_query(&typed) {
        let q = BrowseQuery { q: typed.clone(), status: crate::domain::StatusFilter::All, ..BrowseQuery::default() };
        let mut req = request(&q, terms, 1, now);
        req.limit = 5;
        req.facet_depth = None;
        req.filters.sort = crate::domain::SortOrder::Relevance;
        // A failed search is already logged; genres and artists still help.
        if let Ok(hits) = run(state, &req).await {
            for (card, _) in crate::server::artworks::queries::cards_by_ids(&state.db, &hits.ids).await? {
                out.push(Suggestion { kind: SuggestionKind::Artwork, label: card.title, href: format!("/artworks/{}", card.id) });
            }
        }
    }
    let pattern = format!("{}%", typed.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let artists =
        sqlx::query_scalar!("SELECT nickname FROM users WHERE college IS NOT NULL AND nickname LIKE ? ORDER BY nickname LIMIT 3", pattern)
            .fetch_all(&state.db)
            .await?;
    for nickname in artists {
        out.push(Suggestion {
            kind: SuggestionKind::Artist,
            href: format!("/artists/{}", crate::domain::artwork::encode_query_value(&nickname)),
            label: nickname,
        });
    }
    for path in crate::domain::genre::paths_matching(&typed).into_iter().take(3) {
        out.push(Suggestion {
            kind: SuggestionKind::Genre,
            href: BrowseQuery { genre: path.clone(), ..BrowseQuery::default() }.to_url(),
            label: crate::i18n::Locale::current().genre_path(&path),
        });
    }
    out.truncate(SUGGESTIONS);
    Ok(out)
}
