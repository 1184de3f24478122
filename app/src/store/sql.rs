//! Statements that run on either engine. A `Sql` is a statement's text with its parameters
//! (`$1`, `$2`, ... on both engines); where SQLite and PostgreSQL need different text, the
//! statement carries both (`sql!(sqlite: "...", postgres: "..."; args)`) and the connection
//! picks. A `Conn` is an open connection of either engine; storage modules run statements on
//! it and never name an engine except where the dialects differ.
use crate::error::AppError;
use futures_util::{StreamExt, TryStreamExt, stream::BoxStream};
use sqlx::{
    Arguments, Decode, Postgres, Sqlite, Type,
    pool::PoolConnection,
    postgres::{PgArguments, PgRow},
    sqlite::{SqliteArguments, SqliteRow},
};
use std::borrow::Cow;

/// Which database engine a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A parameter's value. Lists bind as arrays on PostgreSQL (`= ANY($1)`, `unnest($1)`) and as
/// JSON text on SQLite (`json_each($1)`); byte strings in lists go as hex (`unhex`).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(Option<i64>),
    Text(Option<String>),
    Bool(Option<bool>),
    Bytes(Option<Vec<u8>>),
    Ints(Vec<Option<i64>>),
    Texts(Vec<Option<String>>),
    Bools(Vec<bool>),
    ByteLists(Vec<Vec<u8>>),
}

macro_rules! arg_from {
    ($($t:ty => |$v:ident| $e:expr),+ $(,)?) => { $(impl From<$t> for Arg { fn from($v: $t) -> Self { $e } })+ };
}

arg_from!(
    i64 => |v| Arg::Int(Some(v)),
    Option<i64> => |v| Arg::Int(v),
    &i64 => |v| Arg::Int(Some(*v)),
    &Option<i64> => |v| Arg::Int(*v),
    bool => |v| Arg::Bool(Some(v)),
    Option<bool> => |v| Arg::Bool(v),
    String => |v| Arg::Text(Some(v)),
    &String => |v| Arg::Text(Some(v.clone())),
    &str => |v| Arg::Text(Some(v.to_owned())),
    &&str => |v| Arg::Text(Some((*v).to_owned())),
    Option<String> => |v| Arg::Text(v),
    &Option<String> => |v| Arg::Text(v.clone()),
    Option<&str> => |v| Arg::Text(v.map(str::to_owned)),
    Option<&String> => |v| Arg::Text(v.cloned()),
    Vec<u8> => |v| Arg::Bytes(Some(v)),
    &Vec<u8> => |v| Arg::Bytes(Some(v.clone())),
    &[u8] => |v| Arg::Bytes(Some(v.to_vec())),
    Option<Vec<u8>> => |v| Arg::Bytes(v),
    Vec<i64> => |v| Arg::Ints(v.into_iter().map(Some).collect()),
    &[i64] => |v| Arg::Ints(v.iter().copied().map(Some).collect()),
    Vec<Option<i64>> => |v| Arg::Ints(v),
    Vec<String> => |v| Arg::Texts(v.into_iter().map(Some).collect()),
    &[String] => |v| Arg::Texts(v.iter().cloned().map(Some).collect()),
    Vec<Option<String>> => |v| Arg::Texts(v),
    Vec<bool> => |v| Arg::Bools(v),
    Vec<Vec<u8>> => |v| Arg::ByteLists(v),
);

/// A statement and its parameters.
#[derive(Debug, Clone, Default)]
pub struct Sql {
    text: Cow<'static, str>,
    /// The PostgreSQL text, where it differs from the SQLite one.
    postgres: Option<Cow<'static, str>>,
    args: Vec<Arg>,
    /// The SQLite text where `text` needed translating (`Sql::text`), made once.
    sqlite: std::sync::OnceLock<Option<String>>,
}

impl Sql {
    /// A statement both engines read the same way.
    pub fn new(text: impl Into<Cow<'static, str>>) -> Self {
        Self { text: text.into(), ..Self::default() }
    }

    /// A statement whose text differs between the engines (same parameters).
    pub fn dialects(sqlite: impl Into<Cow<'static, str>>, postgres: impl Into<Cow<'static, str>>) -> Self {
        Self { text: sqlite.into(), postgres: Some(postgres.into()), ..Self::default() }
    }

    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self.sqlite = Default::default();
        self
    }

    /// Appends text (for statements built from filters).
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.sqlite = Default::default();
        self.text.to_mut().push_str(text);
        if let Some(pg) = &mut self.postgres {
            pg.to_mut().push_str(text);
        }
        self
    }

    /// Appends the next parameter's placeholder and binds it.
    pub fn push_bind(&mut self, value: impl Into<Arg>) -> &mut Self {
        self.args.push(value.into());
        let placeholder = format!("${}", self.args.len());
        self.push(&placeholder)
    }

    /// The text for `engine`. A list compared with `= ANY($n)` (PostgreSQL's array test)
    /// reads on SQLite as `IN (SELECT value FROM json_each($n))`, where the list is bound as
    /// JSON; so one text serves both engines.
    pub fn text(&self, engine: Engine) -> &str {
        match (engine, &self.postgres) {
            (Engine::Postgres, Some(pg)) => pg,
            (Engine::Postgres, None) => &self.text,
            (Engine::Sqlite, _) => {
                let translated = self.sqlite.get_or_init(|| match translate_any(&self.text, &self.args) {
                    Cow::Owned(s) => Some(s),
                    Cow::Borrowed(_) => None,
                });
                translated.as_deref().unwrap_or(&self.text)
            }
        }
    }

    pub fn args(&self) -> &[Arg] {
        &self.args
    }
}

/// `sql!("SELECT ... WHERE id = $1", id)`, or with a text per engine:
/// `sql!(sqlite: "...", postgres: "..."; a, b)`.
#[macro_export]
macro_rules! sql {
    (sqlite: $lite:expr, postgres: $pg:expr $(; $($arg:expr),* $(,)?)?) => {
        $crate::store::Sql::dialects($lite, $pg)$($(.bind($arg))*)?
    };
    ($text:expr $(, $arg:expr)* $(,)?) => {
        $crate::store::Sql::new($text)$(.bind($arg))*
    };
}

/// Rewrites `= ANY($n)` for SQLite (see `Sql::text`).
fn translate_any<'a>(text: &'a str, args: &[Arg]) -> Cow<'a, str> {
    const ANY: &str = "= ANY($";
    if !text.contains(ANY) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(at) = rest.find(ANY) {
        out.push_str(&rest[..at]);
        let after = &rest[at + ANY.len()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let n: usize = digits.parse().unwrap_or(0);
        let value = if matches!(args.get(n.wrapping_sub(1)), Some(Arg::ByteLists(_))) { "unhex(value)" } else { "value" };
        out.push_str(&format!("IN (SELECT {value} FROM json_each(${digits}))"));
        rest = after[digits.len()..].strip_prefix(')').unwrap_or(&after[digits.len()..]);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sqlite_args(args: &[Arg]) -> Result<SqliteArguments<'static>, AppError> {
    encode_sqlite(args).map_err(AppError::Internal)
}

fn pg_args(args: &[Arg]) -> Result<PgArguments, AppError> {
    encode_pg(args).map_err(AppError::Internal)
}

fn encode_sqlite(args: &[Arg]) -> Result<SqliteArguments<'static>, sqlx::error::BoxDynError> {
    let mut out = SqliteArguments::default();
    for a in args {
        match a {
            Arg::Int(v) => out.add(*v)?,
            Arg::Text(v) => out.add(v.clone())?,
            Arg::Bool(v) => out.add(*v)?,
            Arg::Bytes(v) => out.add(v.clone())?,
            Arg::Ints(v) => out.add(serde_json::to_string(v)?)?,
            Arg::Texts(v) => out.add(serde_json::to_string(v)?)?,
            Arg::Bools(v) => out.add(serde_json::to_string(v)?)?,
            Arg::ByteLists(v) => out.add(serde_json::to_string(&v.iter().map(|b| hex(b)).collect::<Vec<_>>())?)?,
        }
    }
    Ok(out)
}

fn encode_pg(args: &[Arg]) -> Result<PgArguments, sqlx::error::BoxDynError> {
    let mut out = PgArguments::default();
    for a in args {
        match a {
            Arg::Int(v) => out.add(*v)?,
            Arg::Text(v) => out.add(v.clone())?,
            Arg::Bool(v) => out.add(*v)?,
            Arg::Bytes(v) => out.add(v.clone())?,
            Arg::Ints(v) => out.add(v.clone())?,
            Arg::Texts(v) => out.add(v.clone())?,
            Arg::Bools(v) => out.add(v.clone())?,
            Arg::ByteLists(v) => out.add(v.clone())?,
        }
    }
    Ok(out)
}

/// A row type both engines can decode (`#[derive(sqlx::FromRow)]`, or a tuple).
pub trait Record: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin + 'static {}
impl<T> Record for T where T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin + 'static {}

/// A single value both engines can decode.
pub trait Scalar:
    for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin + 'static
{
}
impl<T> Scalar for T where
    T: for<'r> Decode<'r, Sqlite> + Type<Sqlite> + for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin + 'static
{
}

/// An open connection of either engine: a reader from the pool, or the writer inside its
/// transaction.
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Conn {
    pub fn engine(&self) -> Engine {
        match self {
            Conn::Sqlite(_) => Engine::Sqlite,
            Conn::Postgres(_) => Engine::Postgres,
        }
    }

    /// Runs a statement; returns the number of rows it changed.
    pub async fn execute(&mut self, q: Sql) -> Result<u64, AppError> {
        Ok(match self {
            Conn::Sqlite(c) => sqlx::query_with(q.text(Engine::Sqlite), sqlite_args(&q.args)?).execute(&mut **c).await?.rows_affected(),
            Conn::Postgres(c) => sqlx::query_with(q.text(Engine::Postgres), pg_args(&q.args)?).execute(&mut **c).await?.rows_affected(),
        })
    }

    /// Runs statements that take no parameters, one after another, on SQLite as one script.
    pub async fn batch_execute(&mut self, text: &str) -> Result<(), AppError> {
        match self {
            Conn::Sqlite(c) => sqlx::Executor::execute(&mut **c, text).await.map(|_| ())?,
            Conn::Postgres(c) => sqlx::Executor::execute(&mut **c, text).await.map(|_| ())?,
        }
        Ok(())
    }

    pub async fn fetch_all<T: Record>(&mut self, q: Sql) -> Result<Vec<T>, AppError> {
        Ok(match self {
            Conn::Sqlite(c) => sqlx::query_as_with::<_, T, _>(q.text(Engine::Sqlite), sqlite_args(&q.args)?).fetch_all(&mut **c).await?,
            Conn::Postgres(c) => sqlx::query_as_with::<_, T, _>(q.text(Engine::Postgres), pg_args(&q.args)?).fetch_all(&mut **c).await?,
        })
    }

    pub async fn fetch_optional<T: Record>(&mut self, q: Sql) -> Result<Option<T>, AppError> {
        Ok(match self {
            Conn::Sqlite(c) => {
                sqlx::query_as_with::<_, T, _>(q.text(Engine::Sqlite), sqlite_args(&q.args)?).fetch_optional(&mut **c).await?
            }
            Conn::Postgres(c) => {
                sqlx::query_as_with::<_, T, _>(q.text(Engine::Postgres), pg_args(&q.args)?).fetch_optional(&mut **c).await?
            }
        })
    }

    pub async fn fetch_one<T: Record>(&mut self, q: Sql) -> Result<T, AppError> {
        self.fetch_optional(q).await?.ok_or_else(|| AppError::Internal("a statement that returns a row returned none".into()))
    }

    /// The first column of the one row the statement returns.
    pub async fn scalar<T: Scalar>(&mut self, q: Sql) -> Result<T, AppError> {
        Ok(self.fetch_one::<(T,)>(q).await?.0)
    }

    /// The first column of the row, if there is one.
    pub async fn scalar_optional<T: Scalar>(&mut self, q: Sql) -> Result<Option<T>, AppError> {
        Ok(self.fetch_optional::<(T,)>(q).await?.map(|(v,)| v))
    }

    /// The first column of every row.
    pub async fn scalars<T: Scalar>(&mut self, q: Sql) -> Result<Vec<T>, AppError> {
        Ok(self.fetch_all::<(T,)>(q).await?.into_iter().map(|(v,)| v).collect())
    }

    /// The rows one by one, as they come (exports).
    pub fn fetch<'c, T: Record>(&'c mut self, q: &'c Sql) -> BoxStream<'c, Result<T, AppError>> {
        fn failed<'c, T: Send + 'c>(e: AppError) -> BoxStream<'c, Result<T, AppError>> {
            futures_util::stream::once(async move { Err(e) }).boxed()
        }
        match self {
            Conn::Sqlite(c) => match sqlite_args(&q.args) {
                Ok(args) => sqlx::query_as_with::<_, T, _>(q.text(Engine::Sqlite), args).fetch(&mut **c).map_err(AppError::from).boxed(),
                Err(e) => failed(e),
            },
            Conn::Postgres(c) => match pg_args(&q.args) {
                Ok(args) => sqlx::query_as_with::<_, T, _>(q.text(Engine::Postgres), args).fetch(&mut **c).map_err(AppError::from).boxed(),
                Err(e) => failed(e),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushed_parameters_are_numbered_in_order() {
        let mut q = sql!("SELECT 1 FROM t WHERE a = $1", 7);
        q.push(" AND b = ").push_bind("x").push(" AND c IN (").push_bind(1).push(", ").push_bind(2).push(")");
        assert_eq!(q.text(Engine::Sqlite), "SELECT 1 FROM t WHERE a = $1 AND b = $2 AND c IN ($3, $4)");
        assert_eq!(q.args().len(), 4);
    }

    #[test]
    fn a_list_test_reads_as_json_each_on_sqlite() {
        let q = sql!("SELECT id FROM t WHERE id = ANY($1) AND hash = ANY($2) AND s = $3", vec![1_i64], vec![vec![1_u8]], "x");
        assert_eq!(
            q.text(Engine::Sqlite),
            "SELECT id FROM t WHERE id IN (SELECT value FROM json_each($1)) AND hash IN (SELECT unhex(value) FROM json_each($2)) AND s = $3"
        );
        assert_eq!(q.text(Engine::Postgres), "SELECT id FROM t WHERE id = ANY($1) AND hash = ANY($2) AND s = $3");
    }

    #[test]
    fn each_engine_reads_its_own_text() {
        let q = sql!(sqlite: "json_each($1)", postgres: "unnest($1)"; vec![1_i64, 2]);
        assert_eq!(q.text(Engine::Sqlite), "json_each($1)");
        assert_eq!(q.text(Engine::Postgres), "unnest($1)");
        assert_eq!(encode_sqlite(q.args()).map(|a| a.len()).ok(), Some(1));
    }
}
