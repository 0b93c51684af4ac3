//! The embedded backend: a tantivy index under `DATA_DIR/search/v{SCHEMA}`, analysed with the same 2-grams
//! as Elasticsearch. One process writes it (tantivy's directory lock); others get `Unavailable` and retry.
//! All tantivy work runs on the blocking pool.

use std::ops::Bound;
use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{
    Facet, FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use tokio::sync::Mutex;

use super::{Rebuild, SearchBackend, SearchDoc, SearchError, SearchHits, SearchRequest};
use crate::domain::search::bigrams;
use crate::domain::{SortOrder, StatusFilter};

/// Bump when the schema or analysis changes: a new folder is built from MySQL on start.
const SCHEMA_VERSION: u32 = 1;
const TOKENIZER: &str = "ko_bigram";
const WRITER_HEAP: usize = 20_000_000;

/// The 2-gram analysis of [`crate::domain::search::bigrams`] as a tantivy tokenizer.
#[derive(Clone, Default)]
struct BigramTokenizer;

struct BigramStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream {
        let tokens = bigrams(text)
            .into_iter()
            .enumerate()
            .map(|(position, g)| Token { offset_from: g.from, offset_to: g.to, position, text: g.text, position_length: 1 })
            .collect();
        BigramStream { tokens, next: 0 }
    }
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    version: Field,
    title: Field,
    description: Field,
    artist: Field,
    tags: Field,
    genre: Field,
    status: Field,
    visible: Field,
    price: Field,
    buy_now_open: Field,
    bids: Field,
    ends_ms: Field,
    created_ms: Field,
    ending_key: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(TOKENIZER).set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: b.add_u64_field("id", INDEXED | STORED | FAST),
        version: b.add_u64_field("version", STORED),
        title: b.add_text_field("title", text.clone()),
        description: b.add_text_field("description", text.clone()),
        artist: b.add_text_field("artist", text.clone()),
        tags: b.add_text_field("tags", text),
        genre: b.add_facet_field("genre", FacetOptions::default()),
        status: b.add_text_field("status", STRING),
        visible: b.add_u64_field("visible", INDEXED),
        price: b.add_u64_field("price", INDEXED | FAST),
        buy_now_open: b.add_u64_field("buy_now_open", INDEXED),
        bids: b.add_u64_field("bids", FAST),
        ends_ms: b.add_i64_field("ends_ms", INDEXED | FAST),
        created_ms: b.add_i64_field("created_ms", FAST),
        ending_key: b.add_i64_field("ending_key", FAST),
    };
    (b.build(), fields)
}

struct Opened {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Taken on first write (a process that only searches never locks the directory).
    writer: Arc<Mutex<Option<IndexWriter>>>,
}

pub struct Embedded {
    dir: PathBuf,
    opened: tokio::sync::OnceCell<(Arc<Opened>, bool)>,
}

fn backend_err(e: impl std::fmt::Display) -> SearchError {
    SearchError::Backend(e.to_string())
}

impl Embedded {
    pub fn new(dir: PathBuf) -> Self {
        Embedded { dir: dir.join(format!("v{SCHEMA_VERSION}")), opened: Default::default() }
    }

    /// Opens (or creates) the index; the flag says it was created now.
    async fn open(&self) -> Result<(Arc<Opened>, bool), SearchError> {
        let dir = self.dir.clone();
        let (opened, created) = self
            .opened
            .get_or_try_init(|| async move {
                tokio::task::spawn_blocking(move || -> Result<(Arc<Opened>, bool), SearchError> {
                    std::fs::create_dir_all(&dir).map_err(|e| SearchError::Unavailable(format!("{}: {e}", dir.display())))?;
                    let (schema, fields) = schema();
                    let mmap = MmapDirectory::open(&dir).map_err(backend_err)?;
                    let created = !Index::exists(&mmap).map_err(backend_err)?;
                    let index = Index::open_or_create(mmap, schema).map_err(backend_err)?;
                    index.tokenizers().register(TOKENIZER, BigramTokenizer);
                    let reader = index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into().map_err(backend_err)?;
                    Ok((Arc::new(Opened { index, reader, fields, writer: Default::default() }), created))
                })
                .await
                .map_err(backend_err)?
            })
            .await?;
        Ok((opened.clone(), *created))
    }
}

impl Opened {
    /// Runs `f` with the writer, taking the directory lock the first time. A failed `f` is rolled back.
    async fn with_writer<R: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Opened, &mut IndexWriter) -> tantivy::Result<R> + Send + 'static,
    ) -> Result<R, SearchError> {
        let mut guard = self.writer.clone().lock_owned().await;
        self.write(&mut guard, f).await
    }

    async fn write<R: Send + 'static>(
        self: &Arc<Self>,
        slot: &mut Option<IndexWriter>,
        f: impl FnOnce(&Opened, &mut IndexWriter) -> tantivy::Result<R> + Send + 'static,
    ) -> Result<R, SearchError> {
        let this = self.clone();
        let mut taken = slot.take();
        let (result, taken) = tokio::task::spawn_blocking(move || {
            if taken.is_none() {
                match this.index.writer_with_num_threads(1, WRITER_HEAP) {
                    Ok(w) => taken = Some(w),
                    Err(e) => return (Err(SearchError::Unavailable(e.to_string())), None),
                }
            }
            let writer = taken.as_mut().expect("writer just opened");
            let result = f(&this, writer).map_err(backend_err);
            if result.is_err() {
                let _ = writer.rollback();
            }
            let reloaded = this.reader.reload().map_err(backend_err);
            (result.and_then(|r| reloaded.map(|()| r)), taken)
        })
        .await
        .map_err(backend_err)?;
        *slot = taken;
        result
    }

    fn stored_version(&self, searcher: &tantivy::Searcher, id: u64) -> tantivy::Result<Option<u64>> {
        let q = TermQuery::new(Term::from_field_u64(self.fields.id, id), IndexRecordOption::Basic);
        let hits = searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, addr)) = hits.first() else { return Ok(None) };
        let doc: TantivyDocument = searcher.doc(*addr)?;
        Ok(doc.get_first(self.fields.version).and_then(|v| v.as_u64()))
    }

    fn to_document(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::default();
        doc.add_u64(f.id, d.id);
        doc.add_u64(f.version, d.version);
        doc.add_text(f.title, &d.title);
        doc.add_text(f.description, &d.description);
        doc.add_text(f.artist, &d.artist);
        for t in &d.tags {
            doc.add_text(f.tags, t);
        }
        let segments: Vec<&str> = d.genre_path.split('/').filter(|s| !s.is_empty()).collect();
        doc.add_facet(f.genre, Facet::from_path(segments));
        doc.add_text(f.status, &d.status);
        doc.add_u64(f.visible, u64::from(d.visible));
        doc.add_u64(f.price, d.current_price);
        doc.add_u64(f.buy_now_open, u64::from(d.buy_now_open));
        doc.add_u64(f.bids, u64::from(d.bid_count));
        doc.add_i64(f.ends_ms, d.ends_at.timestamp_millis());
        doc.add_i64(f.created_ms, d.created_at.timestamp_millis());
        doc.add_i64(f.ending_key, d.ending_key());
        doc
    }
}

fn term_u64(field: Field, v: u64) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_u64(field, v), IndexRecordOption::Basic))
}

fn term_str(field: Field, v: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, v), IndexRecordOption::Basic))
}

fn build_query(f: &Fields, req: &SearchRequest) -> BooleanQuery {
    let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for term in &req.terms {
        let per_field: Vec<(Occur, Box<dyn Query>)> = [(f.title, 3.0), (f.artist, 2.0), (f.tags, 2.0), (f.description, 1.0)]
            .into_iter()
            .map(|(field, boost)| {
                let q = TermQuery::new(Term::from_field_text(field, term), IndexRecordOption::WithFreqs);
                (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost)) as Box<dyn Query>)
            })
            .collect();
        must.push((Occur::Must, Box::new(BooleanQuery::new(per_field))));
    }
    must.push((Occur::Must, term_u64(f.visible, 1)));
    let now = req.now.timestamp_millis();
    let live_now = || -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, term_str(f.status, "live")),
            (Occur::Must, Box::new(RangeQuery::new(Bound::Excluded(Term::from_field_i64(f.ends_ms, now)), Bound::Unbounded))),
        ]))
    };
    match req.filters.status {
        StatusFilter::Live => must.push((Occur::Must, live_now())),
        StatusFilter::Ended => must.push((
            Occur::Must,
            Box::new(BooleanQuery::new(vec![
                (Occur::Should, term_str(f.status, "unsold")),
                (
                    Occur::Should,
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Must, term_str(f.status, "live")),
                        (Occur::Must, Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(Term::from_field_i64(f.ends_ms, now))))),
                    ])),
                ),
            ])),
        )),
        StatusFilter::Sold => must.push((Occur::Must, term_str(f.status, "sold"))),
        StatusFilter::All => {}
    }
    if !req.filters.genre.is_empty() {
        let facet = Facet::from_path(req.filters.genre.split('/').filter(|s| !s.is_empty()));
        must.push((Occur::Must, Box::new(TermQuery::new(Term::from_facet(f.genre, &facet), IndexRecordOption::Basic))));
    }
    if req.filters.min_price.is_some() || req.filters.max_price.is_some() {
        let lo = req.filters.min_price.map_or(Bound::Unbounded, |v| Bound::Included(Term::from_field_u64(f.price, v)));
        let hi = req.filters.max_price.map_or(Bound::Unbounded, |v| Bound::Included(Term::from_field_u64(f.price, v)));
        must.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
    }
    if req.filters.buy_now_only {
        must.push((Occur::Must, term_u64(f.buy_now_open, 1)));
    }
    if let Some(within) = req.filters.ending {
        let until = (req.now + within.duration()).timestamp_millis();
        must.push((Occur::Must, live_now()));
        must.push((Occur::Must, Box::new(RangeQuery::new(Bound::Unbounded, Bound::Included(Term::from_field_i64(f.ends_ms, until))))));
    }
    BooleanQuery::new(must)
}

/// Highest first: (score, key1, key2, key3) for the chosen sort; ids break every tie in ascending order
/// except "newest" (newest id first), exactly as the MySQL browse does.
type SortKey = (f32, i64, i64, i64);

fn search_blocking(o: &Opened, req: &SearchRequest) -> tantivy::Result<SearchHits> {
    let f = o.fields;
    let query = build_query(&f, req);
    let searcher = o.reader.searcher();
    let sort = req.filters.sort;
    let top = TopDocs::with_limit(req.limit.max(1)).and_offset(req.offset).tweak_score(move |seg: &tantivy::SegmentReader| {
        let ff = seg.fast_fields();
        let id = ff.u64("id").expect("id is a fast field").first_or_default_col(0);
        let price = ff.u64("price").expect("price is a fast field").first_or_default_col(0);
        let bids = ff.u64("bids").expect("bids is a fast field").first_or_default_col(0);
        let ends = ff.i64("ends_ms").expect("ends_ms is a fast field").first_or_default_col(0);
        let created = ff.i64("created_ms").expect("created_ms is a fast field").first_or_default_col(0);
        let ending = ff.i64("ending_key").expect("ending_key is a fast field").first_or_default_col(0);
        // Ids, prices and bid counts are far below i64::MAX; saturating keeps the order if one were not.
        let signed = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
        move |doc: tantivy::DocId, score: tantivy::Score| -> SortKey {
            let id = signed(id.get_val(doc));
            match sort {
                SortOrder::Relevance => (score, 0, 0, -id),
                SortOrder::EndingSoon => (0.0, -ending.get_val(doc), -id, 0),
                SortOrder::Newest => (0.0, created.get_val(doc), id, 0),
                SortOrder::PriceAsc => (0.0, -signed(price.get_val(doc)), -id, 0),
                SortOrder::PriceDesc => (0.0, signed(price.get_val(doc)), -id, 0),
                SortOrder::MostBids => (0.0, signed(bids.get_val(doc)), -ends.get_val(doc), -id),
            }
        }
    });
    let mut facet_collector = FacetCollector::for_field("genre");
    let facet_root = req.facet_depth.map(|depth| {
        let prefix: Vec<&str> = req.filters.genre.split('/').filter(|s| !s.is_empty()).take(depth.saturating_sub(1)).collect();
        Facet::from_path(prefix)
    });
    if let Some(root) = &facet_root {
        facet_collector.add_facet(root.clone());
    }
    let (top, total, facet_counts) = searcher.search(&query, &(top, Count, facet_collector))?;
    let mut ids = Vec::with_capacity(top.len());
    for (_, addr) in top {
        ids.push(doc_id(&searcher, f.id, addr)?);
    }
    let facets = match &facet_root {
        Some(root) => facet_counts.get(root.clone()).map(|(facet, n)| (facet.to_path().join("/"), n)).collect(),
        None => Vec::new(),
    };
    Ok(SearchHits { ids, total: total as u64, facets })
}

fn doc_id(searcher: &tantivy::Searcher, id: Field, addr: DocAddress) -> tantivy::Result<u64> {
    let doc: TantivyDocument = searcher.doc(addr)?;
    Ok(doc.get_first(id).and_then(|v| v.as_u64()).unwrap_or_default())
}

#[async_trait]
impl SearchBackend for Embedded {
    fn kind(&self) -> &'static str {
        "embedded"
    }

    async fn prepare(&self) -> Result<bool, SearchError> {
        Ok(self.open().await?.1)
    }

    async fn apply(&self, docs: &[SearchDoc], removed: &[u64]) -> Result<(), SearchError> {
        let (opened, _) = self.open().await?;
        let docs = docs.to_vec();
        let removed = removed.to_vec();
        opened
            .with_writer(move |o, w| {
                let searcher = o.reader.searcher();
                for d in &docs {
                    // Only a newer version replaces what is stored (deliveries may repeat or cross a rebuild).
                    if o.stored_version(&searcher, d.id)?.is_some_and(|v| v > d.version) {
                        continue;
                    }
                    w.delete_term(Term::from_field_u64(o.fields.id, d.id));
                    w.add_document(o.to_document(d))?;
                }
                for id in &removed {
                    w.delete_term(Term::from_field_u64(o.fields.id, *id));
                }
                w.commit()?;
                Ok(())
            })
            .await
    }

    async fn search(&self, req: &SearchRequest) -> Result<SearchHits, SearchError> {
        let (opened, _) = self.open().await?;
        let req = req.clone();
        tokio::task::spawn_blocking(move || search_blocking(&opened, &req).map_err(backend_err)).await.map_err(backend_err)?
    }

    async fn ping(&self) -> Result<(), SearchError> {
        self.open().await.map(|_| ())
    }

    async fn rebuild(&self) -> Result<Box<dyn Rebuild>, SearchError> {
        let (opened, _) = self.open().await?;
        // The rebuild keeps the writer to itself until it finishes: the indexer's deliveries wait, and
        // readers keep seeing the old contents until the single commit in `finish`.
        let mut guard = opened.writer.clone().lock_owned().await;
        opened
            .write(&mut guard, |_, w| {
                w.rollback()?;
                w.delete_all_documents()?;
                Ok(())
            })
            .await?;
        Ok(Box::new(EmbeddedRebuild { opened, guard, finished: false }))
    }
}

struct EmbeddedRebuild {
    opened: Arc<Opened>,
    guard: tokio::sync::OwnedMutexGuard<Option<IndexWriter>>,
    finished: bool,
}

impl Drop for EmbeddedRebuild {
    fn drop(&mut self) {
        // Abandoned half way: nothing of it may reach the next commit.
        if !self.finished {
            if let Some(w) = self.guard.as_mut() {
                let _ = w.rollback();
            }
        }
    }
}

#[async_trait]
impl Rebuild for EmbeddedRebuild {
    async fn add(&mut self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        let docs = docs.to_vec();
        let opened = self.opened.clone();
        opened
            .write(&mut self.guard, move |o, w| {
                for d in &docs {
                    w.add_document(o.to_document(d))?;
                }
                Ok(())
            })
            .await
    }

    async fn finish(mut self: Box<Self>) -> Result<(), SearchError> {
        let opened = self.opened.clone();
        opened.write(&mut self.guard, |_, w| w.commit().map(|_| ())).await?;
        self.finished = true;
        Ok(())
    }
}
