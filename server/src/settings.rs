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
    /// Write a consistent copy of the live database to PATH (SQLite `VACUUM INTO`).
    Backup { path: String },
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
    /// The database: a SQLite file, created if missing.
    #[arg(long, env = "PLENARY_DATABASE_URL", default_value = "sqlite://data/plenary.db", global = true)]
    pub database_url: String,
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
        if !self.database_url.starts_with("sqlite:") {
            return Err(format!("PLENARY_DATABASE_URL must be a SQLite URL such as sqlite://data/plenary.db, not {:?}", self.database_url));
        }
        if self.mail_from.parse::<app::server::mail::backend::Mailbox>().is_err() {
            return Err(format!(
                "PLENARY_MAIL_FROM must be an address such as \"Plenary <noreply@example.org>\", not {:?}",
                self.mail_from
            ));
        }
        tracing_subscriber::EnvFilter::try_new(&self.log).map_err(|e| format!("PLENARY_LOG is not a valid filter: {e}"))?;
        Ok(())
    }

    pub fn base_url(&self) -> String {
        self.base_url.clone().unwrap_or_else(|| format!("http://{}", self.listen)).trim_end_matches('/').to_owned()
    }
}
