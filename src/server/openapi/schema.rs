//! JSON Schemas (OpenAPI 3.1 dialect) of the API's types, read from their serde `Deserialize` impls.
//!
//! [`Schemas::trace`] hands a type a [`Deserializer`](serde::Deserializer) that holds no data: it
//! answers every request of the type's `Deserialize` impl with a made-up value of the kind asked for
//! and writes down what was asked — a struct's name and fields, a sequence, an option, an enum's
//! variants, an integer of some width. What serde asks for is exactly what the wire format has to
//! carry (renames, `rename_all`, `transparent`, `try_from`, `#[serde(default)]` included), so the
//! schemas follow the code without a derive or an annotation on the types.
//!
//! Why not a crate: `utoipa`/`schemars` need a derive on every type (in `src/domain`); `serde-reflection`
//! (the same idea) cannot read internally tagged enums (`Delivery` is one: serde reads those through
//! `deserialize_any`), offers one made-up string for every string (a `DateTime` or a validated
//! `GenrePath` refuses most), keys containers by bare name and emits its own format, not JSON Schema.
//!
//! How the gaps are filled:
//! - strings: the visitor's `expecting` text tells a chrono date-time (given an RFC 3339 value and
//!   `format: date-time`); a string a type refuses (a `try_from` validation) is retried with the next of
//!   [`string_candidates`], the whole trace starting again, until one is accepted;
//! - enums: the variant names come with the request; each variant's content is read in a later run
//!   (serde lets a run pick one variant) until all are known;
//! - required fields: a field is optional when the type still deserializes without it (`Option`,
//!   `#[serde(default)]`, `#[server(default)]`); found by one extra run per field, leaving it out;
//! - `deserialize_any` (internally tagged or untagged enums, `flatten`, `serde_json::Value`): only for
//!   the types in [`ANY_SAMPLES`], whose schema is read from serialized sample values. Any other type
//!   that needs it fails the trace (and the tests) with a message saying so.
//!
//! Named structs and enums become `components/schemas` entries referred to by `$ref`; two different
//! types with one serde name fail the trace rather than describe one of them wrongly.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use serde_json::{json, Map, Value};

/// How often one type may be traced again (string retries, enum variants) before giving up.
const MAX_RUNS: usize = 500;
/// Deeper than this is taken for a recursive type, which this tracer cannot describe.
const MAX_DEPTH: usize = 40;
/// What a chrono `DateTime` is given.
const SAMPLE_DATE_TIME: &str = "2026-12-01T09:00:00Z";

/// Strings tried, in order, where a type refuses the previous one: any string, a date-time, a genre path.
fn string_candidates() -> [&'static str; 3] {
    ["", SAMPLE_DATE_TIME, crate::domain::Genre::Painting.ko()]
}

/// A type serde can only read through `deserialize_any`, described by serialized samples.
struct AnySample {
    /// What its visitor expects, as serde words it (`internally tagged enum Delivery`).
    expecting: &'static str,
    /// Its component name.
    name: &'static str,
    /// The field naming the variant, for internally tagged enums.
    tag: Option<&'static str>,
    /// One value per variant; the first is what tracing reads.
    samples: fn() -> Vec<Value>,
}

const ANY_SAMPLES: &[AnySample] = &[AnySample {
    expecting: "internally tagged enum Delivery",
    name: "Delivery",
    tag: Some("kind"),
    samples: || {
        use crate::domain::{Delivery, Won};
        [Delivery::Shipping { fee: Won(3_000) }, Delivery::Pickup { area: "Mapo-gu, Seoul".into() }]
            .iter()
            .map(|d| serde_json::to_value(d).expect("a Delivery serializes"))
            .collect()
    },
}];

/// The schemas found so far; trace every type of the document with one of these.
#[derive(Default)]
pub struct Schemas {
    /// Structs by component key (their serde name; arguments of server functions apart).
    structs: BTreeMap<String, Vec<(&'static str, Value)>>,
    enums: BTreeMap<&'static str, EnumTrace>,
    any: BTreeMap<&'static str, Value>,
    /// The candidate each string site is given (an index into `string_candidates`).
    strings: HashMap<String, usize>,
    /// The enums met while tracing the current type.
    tracing_enums: BTreeSet<&'static str>,
    /// (struct key, field) pairs tried without the field, and those that deserialized without it.
    probed: BTreeSet<(String, &'static str)>,
    optional: BTreeSet<(String, &'static str)>,
    run: Run,
}

/// The state of one run through a type.
#[derive(Default)]
struct Run {
    /// The root struct is described inline (server function arguments), under this key.
    inline_root: Option<String>,
    /// Leave this field of this struct out (finding out whether it is required).
    omit: Option<(String, &'static str)>,
    omitted: bool,
    last_string: Option<String>,
    depth: usize,
    structs: BTreeSet<String>,
}

struct EnumTrace {
    variants: &'static [&'static str],
    /// Per variant: its content once a run has read it (`None` for unit variants).
    content: Vec<Option<Option<Value>>>,
    /// How often a run has read it (once all variants are known, runs take them in turn, so an enum
    /// inside one variant of another is reached again).
    visits: usize,
}

impl Schemas {
    /// The schema of `T`: a `$ref` for named structs and enums, inline for everything else.
    pub fn trace<T: DeserializeOwned>(&mut self) -> Result<Value, String> {
        self.trace_with::<T>(None)
    }

    /// The schema of the arguments struct `T`, inline (it is nobody else's type), under `key`.
    pub fn trace_inline<T: DeserializeOwned>(&mut self, key: &str) -> Result<Value, String> {
        self.trace_with::<T>(Some(key.to_string()))?;
        // A function without arguments may have a unit struct: no fields either way.
        let schema = self.struct_schema(key).unwrap_or_else(|| json!({ "type": "object", "properties": {} }));
        self.structs.remove(key);
        Ok(schema)
    }

    fn trace_with<T: DeserializeOwned>(&mut self, inline_root: Option<String>) -> Result<Value, String> {
        let type_name = std::any::type_name::<T>();
        self.tracing_enums.clear();
        for _ in 0..MAX_RUNS {
            self.run = Run { inline_root: inline_root.clone(), ..Run::default() };
            let mut schema = Value::Null;
            match T::deserialize(De { s: &mut *self, site: short_name(type_name), out: &mut schema }) {
                Ok(_) if self.tracing_enums.iter().any(|name| self.enums[name].unexplored()) => continue,
                Ok(_) => {
                    let structs = std::mem::take(&mut self.run.structs);
                    self.find_optional_fields::<T>(&inline_root, structs);
                    return Ok(schema);
                }
                Err(Error::Custom(message)) => {
                    // A made-up string was refused (a validating `try_from`): try the next candidate.
                    let site = self.run.last_string.take();
                    match site.map(|site| self.strings.entry(site).or_insert(0)) {
                        Some(index) if *index + 1 < string_candidates().len() => *index += 1,
                        _ => return Err(format!("{type_name}: {message}")),
                    }
                }
                Err(Error::Unsupported(message)) => return Err(format!("{type_name}: {message}")),
            }
        }
        Err(format!("{type_name}: still incomplete after {MAX_RUNS} runs"))
    }

    /// Which fields of the structs `T` went through deserialize without them.
    fn find_optional_fields<T: DeserializeOwned>(&mut self, inline_root: &Option<String>, structs: BTreeSet<String>) {
        for key in structs {
            let fields: Vec<&'static str> = self.structs.get(&key).map(|f| f.iter().map(|(name, _)| *name).collect()).unwrap_or_default();
            for field in fields {
                if !self.probed.insert((key.clone(), field)) {
                    continue;
                }
                self.run = Run { inline_root: inline_root.clone(), omit: Some((key.clone(), field)), ..Run::default() };
                let mut scratch = Value::Null;
                // Only a run that reached the struct and left the field out tells (enums pick one variant).
                let accepted = T::deserialize(De { s: &mut *self, site: String::new(), out: &mut scratch }).is_ok();
                if accepted && self.run.omitted {
                    self.optional.insert((key.clone(), field));
                }
            }
        }
        self.run = Run::default();
    }

    /// A struct's object schema; `required` lists the fields it cannot do without.
    fn struct_schema(&self, key: &str) -> Option<Value> {
        let fields = self.structs.get(key)?;
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (name, schema) in fields {
            properties.insert((*name).to_string(), schema.clone());
            if !self.optional.contains(&(key.to_string(), *name)) {
                required.push(json!(name));
            }
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required);
        }
        Some(schema)
    }

    /// Every named struct and enum met so far, for `components/schemas` (inline ones left out).
    pub fn components(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for key in self.structs.keys() {
            out.insert(key.clone(), self.struct_schema(key).expect("a traced struct"));
        }
        for (name, trace) in &self.enums {
            out.insert((*name).to_string(), trace.schema());
        }
        for (name, schema) in &self.any {
            out.insert((*name).to_string(), schema.clone());
        }
        out
    }

    fn record_struct(&mut self, key: String, fields: Vec<(&'static str, Value)>) -> Result<(), Error> {
        if self.run.omit.is_some() {
            return Ok(());
        }
        match self.structs.get(&key) {
            Some(known) if *known != fields => Err(Error::Unsupported(format!("two different types are both named `{key}`"))),
            Some(_) => Ok(()),
            None => {
                self.structs.insert(key, fields);
                Ok(())
            }
        }
    }

    fn enter(&mut self, site: &str) -> Result<(), Error> {
        self.run.depth += 1;
        if self.run.depth > MAX_DEPTH {
            return Err(Error::Unsupported(format!("{site}: nested too deep (a recursive type?)")));
        }
        Ok(())
    }
}

impl EnumTrace {
    fn unexplored(&self) -> bool {
        self.content.iter().any(Option::is_none)
    }

    fn schema(&self) -> Value {
        let unit = self.content.iter().all(|c| matches!(c, Some(None)));
        if unit {
            return json!({ "type": "string", "enum": self.variants });
        }
        // Externally tagged: a unit variant is its name, any other `{ "Variant": content }`.
        let one_of: Vec<Value> = self
            .variants
            .iter()
            .zip(&self.content)
            .map(|(name, content)| match content {
                Some(Some(content)) => json!({
                    "type": "object",
                    "properties": { (name.to_string()): content },
                    "required": [name],
                    "additionalProperties": false,
                }),
                _ => json!({ "const": name }),
            })
            .collect();
        json!({ "oneOf": one_of })
    }
}

/// The last part of a Rust type name, generics and all (`Option<artipul::domain::Me>` → `Option<Me>`).
fn short_name(type_name: &str) -> String {
    let mut out = String::new();
    for (i, part) in type_name.split(['<', '>', ',']).enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(part.trim().rsplit("::").next().unwrap_or(part));
    }
    out
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

/// `schema` or JSON `null`.
fn nullable(mut schema: Value) -> Value {
    if let Some(Value::String(kind)) = schema.get("type").cloned() {
        if schema.get("$ref").is_none() && schema.get("enum").is_none() {
            schema["type"] = json!([kind, "null"]);
            return schema;
        }
    }
    json!({ "anyOf": [schema, { "type": "null" }] })
}

/// The schema of a serialized sample (an object's fields all required).
fn schema_of_sample(value: &Value) -> Value {
    match value {
        Value::Null => json!({ "type": "null" }),
        Value::Bool(_) => json!({ "type": "boolean" }),
        Value::Number(n) if n.is_f64() => json!({ "type": "number" }),
        Value::Number(_) => json!({ "type": "integer" }),
        Value::String(_) => json!({ "type": "string" }),
        Value::Array(items) => json!({ "type": "array", "items": items.first().map(schema_of_sample).unwrap_or(json!({})) }),
        Value::Object(fields) => json!({
            "type": "object",
            "properties": fields.iter().map(|(k, v)| (k.clone(), schema_of_sample(v))).collect::<Map<_, _>>(),
            "required": fields.keys().collect::<Vec<_>>(),
        }),
    }
}

fn any_schema(sample: &AnySample) -> Value {
    let variants: Vec<Value> = (sample.samples)()
        .iter()
        .map(|value| {
            let mut schema = schema_of_sample(value);
            if let Some(tag) = sample.tag {
                schema["properties"][tag] = json!({ "const": value[tag] });
            }
            schema
        })
        .collect();
    // The tag's `const` tells the variants apart (a `discriminator` would need them to be components).
    json!({ "oneOf": variants })
}

#[derive(Debug)]
enum Error {
    /// Raised by the traced type (a refused value).
    Custom(String),
    /// Something this tracer cannot describe.
    Unsupported(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Custom(m) | Error::Unsupported(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::Custom(msg.to_string())
    }
}

/// What a visitor expects, as its `expecting` words it.
struct Expecting<'a, V>(&'a V);

impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

/// Reads one value's worth of requests and writes its schema into `out`. `site` names the place in
/// the type (`Struct.field[]`), so a string refused there gets another candidate in the next run.
struct De<'a> {
    s: &'a mut Schemas,
    site: String,
    out: &'a mut Value,
}

impl De<'_> {
    fn child<'b>(s: &'b mut Schemas, site: String, out: &'b mut Value) -> De<'b> {
        De { s, site, out }
    }

    fn string<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if Expecting(&visitor).to_string().contains("RFC 3339") {
            *self.out = json!({ "type": "string", "format": "date-time" });
            return visitor.visit_str(SAMPLE_DATE_TIME);
        }
        let index = self.s.strings.get(&self.site).copied().unwrap_or(0);
        *self.out = json!({ "type": "string" });
        self.s.run.last_string = Some(self.site);
        visitor.visit_str(string_candidates()[index])
    }

    fn integer(self, format: &str, unsigned: bool) {
        *self.out = if unsigned {
            json!({ "type": "integer", "format": format, "minimum": 0 })
        } else {
            json!({ "type": "integer", "format": format })
        };
    }

    fn tuple<'de, V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        let mut items = vec![Value::Null; len];
        let value = visitor.visit_seq(Elements { s: self.s, site: &self.site, slots: items.iter_mut().collect() })?;
        *self.out = json!({ "type": "array", "prefixItems": items, "minItems": len, "maxItems": len });
        Ok(value)
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $format:literal $unsigned:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.integer($format, $unsigned);
            visitor.$visit(0)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for De<'_> {
    type Error = Error;

    fn is_human_readable(&self) -> bool {
        true
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let expecting = Expecting(&visitor).to_string();
        let Some(sample) = ANY_SAMPLES.iter().find(|s| s.expecting == expecting) else {
            return Err(Error::Unsupported(format!(
                "{}: `{expecting}` is only readable from self-describing data; add samples of it to ANY_SAMPLES",
                self.site
            )));
        };
        self.s.any.entry(sample.name).or_insert_with(|| any_schema(sample));
        *self.out = reference(sample.name);
        let first = (sample.samples)().into_iter().next().expect("at least one sample");
        de::Deserializer::deserialize_any(first, visitor).map_err(|e| Error::Custom(e.to_string()))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = json!({ "type": "boolean" });
        visitor.visit_bool(false)
    }

    integers! {
        deserialize_i8 visit_i8 "int32" false;
        deserialize_i16 visit_i16 "int32" false;
        deserialize_i32 visit_i32 "int32" false;
        deserialize_i64 visit_i64 "int64" false;
        deserialize_i128 visit_i128 "int128" false;
        deserialize_u8 visit_u8 "int32" true;
        deserialize_u16 visit_u16 "int32" true;
        deserialize_u32 visit_u32 "int64" true;
        deserialize_u64 visit_u64 "int64" true;
        deserialize_u128 visit_u128 "int128" true;
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = json!({ "type": "number", "format": "float" });
        visitor.visit_f32(0.0)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = json!({ "type": "number", "format": "double" });
        visitor.visit_f64(0.0)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = json!({ "type": "string", "minLength": 1, "maxLength": 1 });
        visitor.visit_char('a')
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.string(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = json!({ "type": "array", "items": { "type": "integer", "minimum": 0, "maximum": 255 } });
        visitor.visit_bytes(&[])
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut inner = Value::Null;
        let value = visitor.visit_some(De::child(self.s, format!("{}?", self.site), &mut inner))?;
        *self.out = nullable(inner);
        Ok(value)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        *self.out = json!({ "type": "null" });
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        // `struct Name(T)` is `T` on the wire.
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut item = json!({});
        let site = format!("{}[]", self.site);
        let value = visitor.visit_seq(Elements { s: self.s, site: &site, slots: vec![&mut item] })?;
        *self.out = json!({ "type": "array", "items": item });
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(self, _name: &'static str, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let (mut key, mut item) = (Value::Null, Value::Null);
        let value = visitor.visit_map(OneEntry { s: self.s, site: &self.site, key: &mut key, value: &mut item, state: 0 })?;
        *self.out = json!({ "type": "object", "additionalProperties": item });
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let De { s, site, out } = self;
        let key = match &s.run.inline_root {
            Some(key) if s.run.depth == 0 => key.clone(),
            _ => name.to_string(),
        };
        s.enter(&site)?;
        let mut access = Fields { s: &mut *s, key: key.clone(), fields: fields.iter(), current: None, found: Vec::new() };
        let value = visitor.visit_map(&mut access)?;
        let found = access.found;
        s.run.depth -= 1;
        s.run.structs.insert(key.clone());
        s.record_struct(key.clone(), found)?;
        *out = reference(&key);
        Ok(value)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let De { s, site, out } = self;
        let trace = s.enums.entry(name).or_insert_with(|| EnumTrace { variants, content: vec![None; variants.len()], visits: 0 });
        if trace.variants != variants {
            return Err(Error::Unsupported(format!("two different enums are both named `{name}`")));
        }
        if variants.is_empty() {
            return Err(Error::Unsupported(format!("{site}: `{name}` has no variant to read")));
        }
        // The first variant not read yet (later runs read the others), else each in turn.
        let index = trace.content.iter().position(Option::is_none).unwrap_or(trace.visits % variants.len());
        trace.visits += 1;
        s.tracing_enums.insert(name);
        s.enter(&site)?;
        let value = visitor.visit_enum(Variant { s, name, index, site })?;
        s.run.depth -= 1;
        *out = reference(name);
        Ok(value)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// A sequence's elements: one per slot.
struct Elements<'a, 'b> {
    s: &'a mut Schemas,
    site: &'a str,
    slots: Vec<&'b mut Value>,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        if self.slots.is_empty() {
            return Ok(None);
        }
        let slot = self.slots.remove(0);
        seed.deserialize(De::child(self.s, self.site.to_string(), slot)).map(Some)
    }
}

/// A map with one entry.
struct OneEntry<'a> {
    s: &'a mut Schemas,
    site: &'a str,
    key: &'a mut Value,
    value: &'a mut Value,
    state: u8,
}

impl<'de> de::MapAccess<'de> for OneEntry<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.state > 0 {
            return Ok(None);
        }
        self.state = 1;
        seed.deserialize(De::child(self.s, format!("{}<key>", self.site), self.key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(De::child(self.s, format!("{}{{}}", self.site), self.value))
    }
}

/// A struct's fields, by name, in declaration order (one left out when probing).
struct Fields<'a> {
    s: &'a mut Schemas,
    key: String,
    fields: std::slice::Iter<'static, &'static str>,
    current: Option<&'static str>,
    found: Vec<(&'static str, Value)>,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        for &field in self.fields.by_ref() {
            if self.s.run.omit.as_ref().is_some_and(|(key, omitted)| *key == self.key && *omitted == field) {
                self.s.run.omitted = true;
                continue;
            }
            self.current = Some(field);
            return seed.deserialize(de::value::StrDeserializer::<Error>::new(field)).map(Some);
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let field = self.current.take().expect("a key before its value");
        let mut schema = Value::Null;
        let value = seed.deserialize(De::child(self.s, format!("{}.{field}", self.key), &mut schema))?;
        self.found.push((field, schema));
        Ok(value)
    }
}

/// The variant a run reads of an enum.
struct Variant<'a> {
    s: &'a mut Schemas,
    name: &'static str,
    index: usize,
    site: String,
}

impl Variant<'_> {
    fn read(&mut self, content: Option<Value>) {
        if self.s.run.omit.is_none() {
            if let Some(trace) = self.s.enums.get_mut(self.name) {
                trace.content[self.index] = Some(content);
            }
        }
    }
}

impl<'de, 'a> de::EnumAccess<'de> for Variant<'a> {
    type Error = Error;
    type Variant = Variant<'a>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Variant<'a>), Error> {
        let variant = self.s.enums[self.name].variants[self.index];
        let value = seed.deserialize(de::value::StrDeserializer::<Error>::new(variant))?;
        Ok((value, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_> {
    type Error = Error;

    fn unit_variant(mut self) -> Result<(), Error> {
        self.read(None);
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(mut self, seed: T) -> Result<T::Value, Error> {
        let mut content = Value::Null;
        let site = format!("{}::{}", self.site, self.index);
        let value = seed.deserialize(De::child(self.s, site, &mut content))?;
        self.read(Some(content));
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(mut self, len: usize, visitor: V) -> Result<V::Value, Error> {
        let mut content = Value::Null;
        let site = format!("{}::{}", self.site, self.index);
        let value = De::child(self.s, site, &mut content).tuple(len, visitor)?;
        self.read(Some(content));
        Ok(value)
    }

    fn struct_variant<V: Visitor<'de>>(mut self, fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        // Described like a struct of its own, named after the enum and the variant.
        let key = format!("{}.{}", self.name, self.s.enums[self.name].variants[self.index]);
        let mut access = Fields { s: &mut *self.s, key: key.clone(), fields: fields.iter(), current: None, found: Vec::new() };
        let value = visitor.visit_map(&mut access)?;
        let found = access.found;
        self.s.run.structs.insert(key.clone());
        self.s.record_struct(key.clone(), found)?;
        self.read(Some(reference(&key)));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::Schemas;

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        at: chrono::DateTime<chrono::Utc>,
        #[serde(default)]
        note: String,
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    #[serde(rename_all = "snake_case")]
    enum Shape {
        Dot,
        Circle(u32),
        Rect { w: u16, h: u16 },
    }

    #[derive(Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        #[serde(rename = "id")]
        number: u64,
        name: Option<String>,
        inner: Vec<Inner>,
        shapes: Vec<Shape>,
        genre: crate::domain::GenrePath,
        delivery: crate::domain::Delivery,
        pair: (bool, f64),
    }

    #[test]
    fn a_type_is_described_as_serde_reads_it() {
        let mut schemas = Schemas::default();
        assert_eq!(schemas.trace::<Outer>().unwrap(), json!({ "$ref": "#/components/schemas/Outer" }));
        let components = schemas.components();
        assert_eq!(
            components["Outer"],
            json!({
                "type": "object",
                "properties": {
                    "id": { "type": "integer", "format": "int64", "minimum": 0 },
                    "name": { "type": ["string", "null"] },
                    "inner": { "type": "array", "items": { "$ref": "#/components/schemas/Inner" } },
                    "shapes": { "type": "array", "items": { "$ref": "#/components/schemas/Shape" } },
                    "genre": { "type": "string" },
                    "delivery": { "$ref": "#/components/schemas/Delivery" },
                    "pair": { "type": "array", "prefixItems": [{ "type": "boolean" }, { "type": "number", "format": "double" }], "minItems": 2, "maxItems": 2 },
                },
                "required": ["id", "inner", "shapes", "genre", "delivery", "pair"],
            })
        );
        assert_eq!(
            components["Inner"],
            json!({
                "type": "object",
                "properties": { "at": { "type": "string", "format": "date-time" }, "note": { "type": "string" } },
                "required": ["at"],
            })
        );
        assert_eq!(
            components["Shape"],
            json!({ "oneOf": [
                { "const": "dot" },
                { "type": "object", "properties": { "circle": { "type": "integer", "format": "int64", "minimum": 0 } }, "required": ["circle"], "additionalProperties": false },
                { "type": "object", "properties": { "rect": { "$ref": "#/components/schemas/Shape.rect" } }, "required": ["rect"], "additionalProperties": false },
            ] })
        );
        assert_eq!(components["Shape.rect"]["required"], json!(["w", "h"]));
        let delivery = &components["Delivery"];
        assert_eq!(delivery["oneOf"][0]["properties"]["kind"], json!({ "const": "shipping" }));
        assert_eq!(delivery["oneOf"][1]["properties"]["area"], json!({ "type": "string" }));
    }

    #[test]
    fn arguments_are_inline_and_unknown_self_describing_types_fail_loudly() {
        let mut schemas = Schemas::default();
        let inline = schemas.trace_inline::<Inner>("Inner (arguments)").unwrap();
        assert_eq!(inline["required"], json!(["at"]));
        assert!(!schemas.components().contains_key("Inner (arguments)"));

        #[derive(Deserialize)]
        #[allow(dead_code)]
        #[serde(untagged)]
        enum Either {
            A(u8),
            B(String),
        }
        // serde reads an untagged enum as "any value" first: the message names the place and the remedy.
        let error = schemas.trace::<Either>().unwrap_err();
        assert!(error.contains("Either") && error.contains("any value") && error.contains("ANY_SAMPLES"), "{error}");
    }
}
