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
            Ok(state) => state.store.backup(&path).await.map(|_| println!("backup written to {path}")).map_err(|e| format!("{e:?}")),
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
