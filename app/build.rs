//! Build-time code generation:
//! - `data/countries.csv` becomes a static Rust table, so neither the server nor the browser
//!   bundle parses CSV at run time;
//! - `locales/*.json` become the typed i18n module (leptos_i18n), so a missing translation
//!   key is a compile error.
use std::{env, error::Error, fmt::Write as _, fs, path::PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or("OUT_DIR is set by cargo")?);
    countries(&out)?;
    i18n(&out)
}

fn countries(out: &std::path::Path) -> Result<(), Box<dyn Error>> {
    let source = "data/countries.csv";
    println!("cargo::rerun-if-changed={source}");
    let mut reader = csv::Reader::from_path(source)?;
    let mut table = String::from("pub(crate) static COUNTRIES: &[Country] = &[\n");
    for record in reader.records() {
        let r = record?;
        let flag = |i: usize| &r[i] == "1";
        writeln!(
            table,
            "    Country {{ iso2: {:?}, iso3: {:?}, m49: {:?}, names: [{:?}, {:?}, {:?}, {:?}, {:?}, {:?}], \
             region: {:?}, subregion: {:?}, intermediate_region: {:?}, un_status: {:?}, ldc: {}, lldc: {}, sids: {} }},",
            &r[0],
            &r[1],
            &r[2],
            &r[3],
            &r[4],
            &r[5],
            &r[6],
            &r[7],
            &r[8],
            &r[9],
            &r[10],
            &r[11],
            &r[12],
            flag(13),
            flag(14),
            flag(15)
        )?;
    }
    table.push_str("];\n");
    fs::write(out.join("countries.rs"), table)?;
    Ok(())
}

fn i18n(out: &std::path::Path) -> Result<(), Box<dyn Error>> {
    use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
    // The six UN languages; English is the source and the fallback for a missing key.
    let config = Config::new("en")?
        .add_locales(["fr", "es", "ru", "zh", "ar"])?
        .locales_path("locales")
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out.join("i18n"))?;
    Ok(())
}
