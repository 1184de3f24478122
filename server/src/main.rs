//! `plenary`: the command line. Reads the settings, then serves, migrates, seeds or backs up.
use clap::Parser;
use server::settings::{Cli, Command};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(e) = cli.settings.check() {
        eprintln!("plenary: {e}");
        return ExitCode::from(2);
    }
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::new(&cli.settings.log)).init();
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::serve(&cli.settings).await,
        Command::Migrate => server::state(&cli.settings).await.map(|_| println!("migrations applied")),
        Command::SeedDemo => match server::state(&cli.settings).await {
            Ok(state) => server::demo::seed_if_empty(&state)
                .await
                .map(|seeded| println!("{}", if seeded { "demo events added" } else { "the database already has events; nothing added" }))
                .map_err(|e| format!("{e:?}")),
            Err(e) => Err(e),
        },
        Command::Backup { path } => match server::state(&cli.settings).await {
            Ok(state) => state.store.backup(&path).await.map(|_| println!("backup written to {path}")).map_err(|e| match e {
                app::error::AppError::Refused(why) => why,
                e => format!("{e:?}"),
            }),
            Err(e) => Err(e),
        },
        Command::CreateUser { email, name, role, events, all_events } => {
            create_user(&cli.settings, email, name, role, events, all_events).await
        }
        Command::CopyData { to } => server::copy::run(&cli.settings, &to).await,
        Command::ApiToken { email, label, days } => match server::state(&cli.settings).await {
            Ok(state) => app::accounts::ssr::service::create_api_token(&state.ctx(), &email, &label, days)
                .await
                .map(|token| println!("{token}"))
                .map_err(|e| match e {
                    app::error::AppError::NotFound => format!("there is no account {email}"),
                    e => format!("{e:?}"),
                }),
            Err(e) => Err(e),
        },
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("plenary: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The password for a new account: asked at the terminal (twice), or `PLENARY_PASSWORD`.
fn read_password() -> Result<String, String> {
    use std::io::IsTerminal;
    if let Ok(p) = std::env::var("PLENARY_PASSWORD") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err("no terminal to ask for the password: set PLENARY_PASSWORD".into());
    }
    let first = rpassword::prompt_password("Password: ").map_err(|e| e.to_string())?;
    let again = rpassword::prompt_password("Again: ").map_err(|e| e.to_string())?;
    if first != again {
        return Err("the two passwords differ".into());
    }
    Ok(first)
}

async fn create_user(
    settings: &server::settings::Settings,
    email: String,
    name: String,
    role: String,
    events: Vec<String>,
    all_events: bool,
) -> Result<(), String> {
    use app::accounts::ssr::service::{NewUser, create_user};
    let role = app::domain::Role::parse(&role).map_err(|_| format!("unknown role {role:?}: use admin, organizer or checkin"))?;
    let password = read_password()?;
    let state = server::state(settings).await?;
    let user = NewUser { email: email.clone(), name, role, events, all_events, password: Some(password) };
    match create_user(&state.ctx(), None, user).await {
        Ok(_) => {
            println!("account {email} created ({})", role.code());
            Ok(())
        }
        Err(app::error::AppError::Refused(why)) => Err(why),
        Err(e) => Err(format!("{e:?}")),
    }
}
