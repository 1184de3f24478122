//! Every setting, as a flag and an environment variable, with a default that works on a laptop.
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;

#[derive(Debug, Parser)]
#[command(name = "plenary", version, about = "Plenary: registration for conferences, workshops, study visits and webinars.")]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site and the API, and deliver email (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Add the demo events (if the database has no events yet) and exit.
    SeedDemo,
    /// Write a consistent copy of the live SQLite database to PATH (`VACUUM INTO`). On
    /// PostgreSQL it refuses: use pg_dump.
    Backup { path: String },
    /// Copy this (SQLite) database into an empty PostgreSQL database, then check that every
    /// table holds as many rows in both.
    CopyData {
        /// The PostgreSQL database: postgres://USER:PASSWORD@HOST:PORT/DATABASE.
        #[arg(long)]
        to: String,
    },
    /// Create an organizer account. The password is asked for at the terminal, or read from
    /// PLENARY_PASSWORD when there is no terminal.
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, organizer or checkin.
        #[arg(long)]
        role: String,
        /// An event (slug) this account works on; repeat for several.
        #[arg(long = "event")]
        events: Vec<String>,
        /// Organizer or check-in rights on every event.
        #[arg(long)]
        all_events: bool,
    },
    /// Print a new API token for the account with this email (sent as `Authorization: Bearer`).
    ApiToken {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "command line")]
        label: String,
        /// Days the token works; without it, until revoked.
        #[arg(long)]
        days: Option<i64>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(long, env = "PLENARY_LISTEN", default_value = "127.0.0.1:3000", global = true)]
    pub listen: SocketAddr,
    /// The address people use to reach this server, used in links in emails [default: http://LISTEN].
    #[arg(long, env = "PLENARY_BASE_URL", global = true)]
    pub base_url: Option<String>,
    /// The database: sqlite://PATH (a file, created if missing) or
    /// postgres://USER:PASSWORD@HOST:PORT/DATABASE (also postgresql://, ?sslmode=require).
    #[arg(long, env = "PLENARY_DATABASE_URL", default_value = "sqlite://data/plenary.db", global = true)]
    pub database_url: String,
    /// Reverse proxies (addresses or CIDR ranges, comma-separated) whose X-Forwarded-For and
    /// X-Forwarded-Proto are believed. Without it, the connecting address is the client.
    #[arg(long, env = "PLENARY_TRUSTED_PROXIES", default_value = "", global = true)]
    pub trusted_proxies: String,
    /// Most writes the single writer gathers into one transaction (group commit); 1 commits
    /// each write alone (the benchmark's baseline).
    #[arg(long, env = "PLENARY_WRITE_BATCH", default_value_t = 256, value_parser = clap::value_parser!(u16).range(1..=4096), global = true)]
    pub write_batch: u16,
    /// Deliver email through this SMTP server: smtp://user:pass@host:587 (STARTTLS),
    /// smtps://user:pass@host (TLS), smtp://127.0.0.1:2525 (plain on loopback).
    /// Without it, emails are written to PLENARY_MAIL_DIR.
    #[arg(long, env = "PLENARY_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// Folder that receives emails as .eml files when no SMTP server is set.
    #[arg(long, env = "PLENARY_MAIL_DIR", default_value = "data/mail", global = true)]
    pub mail_dir: String,
    /// Sender of every email.
    #[arg(long, env = "PLENARY_MAIL_FROM", default_value = "Plenary <noreply@plenary.localhost>", global = true)]
    pub mail_from: String,
    /// Log filter, e.g. "info" or "debug,sqlx=warn".
    #[arg(long, env = "PLENARY_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Rate limits on registering, emailed links and resending: `on`, or `off` (for benchmarks
    /// on loopback).
    #[arg(long, env = "PLENARY_RATE_LIMIT", default_value = "on", value_parser = ["on", "off"], global = true)]
    pub rate_limit: String,
    /// Seed the demo events when the database has none (for trying Plenary out).
    #[arg(long, env = "PLENARY_DEMO", global = true)]
    pub demo: bool,
    /// Folder searched for the documents' fonts (Debian's fonts-noto-core, fonts-noto-cjk and
    /// fonts-hosny-amiri). Without them, badges, letters and certificates are off.
    #[arg(long, env = "PLENARY_FONT_DIR", default_value = app::documents::ssr::engine::DEFAULT_FONT_DIR, global = true)]
    pub font_dir: String,
    /// Folder with the compiled site (wasm, JS, CSS), as built by cargo-leptos.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: String,
}

impl Settings {
    /// Checks what clap cannot, so a bad setting stops the server at start with a clear message.
    pub fn check(&self) -> Result<(), String> {
        let base = self.base_url();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(format!("PLENARY_BASE_URL must start with http:// or https://, not {base:?}"));
        }
        app::store::engine_of(&self.database_url)?;
        self.trusted_proxies().map_err(|e| format!("PLENARY_TRUSTED_PROXIES: {e}"))?;
        if self.mail_from.parse::<app::mail::backend::Mailbox>().is_err() {
            return Err(format!(
                "PLENARY_MAIL_FROM must be an address such as \"Plenary <noreply@example.org>\", not {:?}",
                self.mail_from
            ));
        }
        tracing_subscriber::EnvFilter::try_new(&self.log).map_err(|e| format!("PLENARY_LOG is not a valid filter: {e}"))?;
        Ok(())
    }

    pub fn trusted_proxies(&self) -> Result<app::web::client::TrustedProxies, String> {
        app::web::client::TrustedProxies::parse(&self.trusted_proxies)
    }

    /// The database URL without its password, for messages.
    pub fn redacted_database_url(&self) -> String {
        redact(&self.database_url)
    }

    pub fn base_url(&self) -> String {
        self.base_url.clone().unwrap_or_else(|| format!("http://{}", self.listen)).trim_end_matches('/').to_owned()
    }
}

/// `scheme://user:secret@host/db` as `scheme://user:***@host/db`.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    match rest.split_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn settings(args: &[&str]) -> Settings {
        Cli::try_parse_from([&["plenary"], args].concat()).unwrap().settings
    }

    #[test]
    fn the_database_url_picks_the_engine_or_stops_plenary_naming_the_setting() {
        assert!(settings(&["--database-url", "postgres://u:p@db:5432/plenary?sslmode=require"]).check().is_ok());
        assert!(settings(&["--database-url", "postgresql://db/plenary"]).check().is_ok());
        assert!(settings(&[]).check().is_ok(), "SQLite by default");
        let refused = settings(&["--database-url", "mysql://db/plenary"]).check().unwrap_err();
        assert!(refused.contains("PLENARY_DATABASE_URL"), "{refused}");
    }

    #[test]
    fn bad_proxy_ranges_are_refused_at_start() {
        assert!(settings(&["--trusted-proxies", "10.0.0.0/8, ::1"]).check().is_ok());
        assert!(settings(&["--trusted-proxies", "proxy.internal"]).check().unwrap_err().contains("PLENARY_TRUSTED_PROXIES"));
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(redact("postgres://plenary:s3cret@db:5432/p"), "postgres://plenary:***@db:5432/p");
        assert_eq!(redact("sqlite://data/plenary.db"), "sqlite://data/plenary.db");
    }
}
