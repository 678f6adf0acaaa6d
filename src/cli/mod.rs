//! The command line, the binary's own module: argument parsing and output only. Every command is
//! a library call (text becomes a request in `cailiang::request`); with
//! `--json` it prints one JSON document on stdout, otherwise Chinese text for people. Errors go
//! to stderr with a non-zero exit.

use cailiang::decision::cite_text;
use cailiang::engine::{self, yuan_range};
use cailiang::error::{Error, Result};
use cailiang::library::{self, Store};
use cailiang::model::*;
use cailiang::request::{self, RawRequest};
use cailiang::search::Match;
use cailiang::{cases, catalog, rules};
use clap::{Parser, Subcommand};
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

mod find;
mod maintain;
mod packs;
mod review;

#[derive(Parser, Debug)]
#[command(name = "cailiang", version, about = "裁量通：行政处罚裁量（离线）", long_about = None)]
pub struct Cli {
    /// Use this library file (built by `rules build`) instead of the built-in one.
    #[arg(long, global = true, value_name = "FILE")]
    pub library: Option<PathBuf>,
    /// Use this rules directory instead of the built-in library.
    #[arg(long, global = true, value_name = "DIR", conflicts_with = "library")]
    pub rules: Option<PathBuf>,
    /// A public key (KEY.pub) whose signature a pack (`--library FILE.clpack`) may carry; may be
    /// given more than once.
    #[arg(long, global = true, value_name = "KEY.pub")]
    pub trust: Vec<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Find benchmarks by a description in plain Chinese (e.g. 超市商品没贴价签).
    Search(SearchArgs),
    /// Discretion guidance for a case: an item id or a description, and the circumstances.
    Decide(Box<DecideArgs>),
    /// Review decided cases (CSV in UTF-8 or GBK, or XLSX) against the benchmarks: one finding
    /// per row, statistics by unit and item, dispersion among like cases.
    Audit(AuditArgs),
    /// The Chinese label of every code (tiers, facts, grounds, steps, notes, questions, penalty
    /// kinds, parties), as every front end shows them.
    Labels {
        #[arg(long)]
        json: bool,
    },
    /// Validate, build, summarise or export the rules.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Typical and synthetic cases.
    Cases {
        #[command(subcommand)]
        command: CasesCommand,
    },
    /// Signing keys for library packs.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Signed library packs.
    Pack {
        #[command(subcommand)]
        command: PackCommand,
    },
}

#[derive(Subcommand, Debug)]
pub enum KeysCommand {
    /// Make a signing key: KEY (secret: keep it with the office that signs) and KEY.pub (give
    /// it to every laptop that should trust the office's packs).
    Gen {
        #[arg(long, value_name = "KEY")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum PackCommand {
    /// Check a pack: exit 0 only for an unchanged pack signed by a trusted key (--trust).
    Verify {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    pub query: String,
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Keep only this enforcement domain (市场监管, 生态环境, …).
    #[arg(long)]
    pub domain: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct DecideArgs {
    /// An item id (SCJG-001) or a description that is matched by search.
    pub item: String,
    /// Circumstances: fact codes or their Chinese names, comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub facts: Vec<String>,
    /// Amount involved / goods value (yuan).
    #[arg(long)]
    pub amount: Option<String>,
    /// Illegal gains (yuan).
    #[arg(long)]
    pub gain: Option<String>,
    /// The party: individual (个人) or organization (单位). Many articles set a range for each.
    #[arg(long)]
    pub party: Option<String>,
    /// Date of the violation (2022-05-01, 2022/5/1 or 2022年5月1日).
    #[arg(long)]
    pub occurred: Option<String>,
    /// For a continuing act, the day it ended (第三十六条 counts from it).
    #[arg(long)]
    pub ended: Option<String>,
    /// Date the violation was discovered (发现/立案; default: the decision date).
    #[arg(long)]
    pub discovered: Option<String>,
    /// Date of the decision (default: today; the result says so).
    #[arg(long)]
    pub decided: Option<String>,
    /// Apply a discretionary option the result offers (art33_first: 首违不罚).
    #[arg(long = "choose", value_delimiter = ',')]
    pub chosen: Vec<String>,
    /// For a description: use candidate N (1-based) of those listed when the match is not
    /// confident.
    #[arg(long, value_name = "N")]
    pub pick: Option<usize>,
    /// Write the decision document's draft (不予行政处罚决定书, 行政处罚决定书 or 责令改正通知书).
    #[arg(long, value_name = "FILE.docx")]
    pub docx: Option<PathBuf>,
    /// For the document: the case number, the party's name, ID or credit code and address, and
    /// the fine decided (yuan).
    #[arg(long = "case-no")]
    pub case_no: Option<String>,
    #[arg(long = "party-name")]
    pub party_name: Option<String>,
    #[arg(long = "party-id")]
    pub party_id: Option<String>,
    #[arg(long = "party-address")]
    pub party_address: Option<String>,
    #[arg(long = "fine")]
    pub fine: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args, Debug)]
pub struct AuditArgs {
    pub input: PathBuf,
    /// Write the findings CSV here (UTF-8 with BOM).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Write a self-contained HTML report here.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Like-case groups smaller than this show no dispersion figures.
    #[arg(long, default_value_t = 5)]
    pub min_group: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// For XLSX: the sheet to read (default: the first; the output says which was read).
    #[arg(long)]
    pub sheet: Option<String>,
    /// The office reviewed, named on the report's cover.
    #[arg(long)]
    pub office: Option<String>,
    /// Write the findings in Chinese for reviewers (codes kept in the last columns) here.
    #[arg(long, value_name = "FILE")]
    pub out_zh: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Check a rules directory; prints `file:line: message` for every problem, exit 1 if any.
    Check { dir: Option<PathBuf> },
    /// Compute the sentence vectors search ranks by meaning with, for the texts of the library
    /// in use that have none (an office pack's own items), into the user's cache.
    Vectors,
    /// Counts of the library in use.
    Stats {
        #[arg(long)]
        json: bool,
    },
    /// Build a SQLite library from a rules directory.
    Build {
        dir: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Import a list as an office publishes it (XLSX, DOCX table, CSV in UTF-8 or GBK) into a
    /// copy of the rules (--rules DIR, else the built-in library's) written to --out.
    Import {
        file: PathBuf,
        /// The department whose list it is (SCJG, JTYS …).
        #[arg(long)]
        department: String,
        /// The list's name as published.
        #[arg(long)]
        list: String,
        /// Its 文号.
        #[arg(long = "doc-number")]
        doc_number: Option<String>,
        /// 轻微不罚, 首违不罚 or 无过错不罚 (default: 首违不罚 or 无过错不罚 when the list's name says
        /// so, else 轻微不罚).
        #[arg(long = "list-type")]
        list_type: Option<String>,
        /// The date it took effect (required: items apply while their list is in force).
        #[arg(long)]
        effective: Option<String>,
        /// Columns the usual names do not find: role=header or letter, comma-separated
        /// (roles: number, violation, violated, penalty, conditions, body, measures, benchmark).
        #[arg(long)]
        columns: Option<String>,
        /// The sheet (or 表格N of a Word document) to read; default: the first with a header.
        #[arg(long)]
        sheet: Option<String>,
        /// The rules directory to write (must not exist or be empty).
        #[arg(long)]
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Make a signed, versioned library pack from a rules directory.
    Pack {
        dir: PathBuf,
        /// The secret key (from `keys gen`).
        #[arg(long, value_name = "KEY")]
        key: PathBuf,
        #[arg(long, value_name = "FILE.clpack")]
        out: PathBuf,
        /// The pack this one replaces: its changes (items added, removed, changed) are recorded.
        /// It must verify under --trust.
        #[arg(long, value_name = "OLD.clpack")]
        replaces: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// The whole validated library as JSON, or (--xlsx) its lists in the form they are
    /// published in, one sheet per list, for `rules import` to read back.
    Export {
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum CasesCommand {
    /// Synthetic decided cases (CSV) for the audit benchmark; deterministic for a seed.
    Gen {
        #[arg(long)]
        n: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// First day the acts may fall on (default 2020-01-01).
        #[arg(long)]
        from: Option<String>,
        /// How many years the acts spread over (default 8: 2020–2027, across every law change).
        #[arg(long, default_value_t = 8)]
        years: u32,
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The expected result of every item for each fact pattern `gen` uses, on one date (CSV);
    /// for the DuckDB comparison.
    Expect {
        #[arg(long, default_value = "2022-07-01")]
        date: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Re-run every typical case against the engine.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// List the typical cases.
    List {
        #[arg(long)]
        json: bool,
    },
}

/// What the binary should do after a command: the text for stdout and the exit code.
pub struct Output {
    pub stdout: String,
    pub code: i32,
}

fn ok(stdout: String) -> Result<Output> {
    Ok(Output { stdout, code: 0 })
}

fn to_json(v: &impl serde::Serialize) -> String {
    // Serialising our own types cannot fail (no maps with non-string keys); keep it total anyway.
    serde_json::to_string_pretty(v).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")) + "\n"
}

fn default_rules_dir() -> PathBuf {
    PathBuf::from("rules")
}

fn trusted_keys(cli: &Cli) -> Result<Vec<cailiang::pack::PublicKey>> {
    cailiang::pack::read_public_keys(&cli.trust)
}

fn open_store(cli: &Cli) -> Result<Store> {
    library::open_configured(cli.library.as_deref(), cli.rules.as_deref(), &cli.trust)
}

fn date(what: &str, s: &Option<String>) -> Result<Option<chrono::NaiveDate>> {
    match s {
        None => Ok(None),
        Some(s) => parse_date(s).map(Some).ok_or_else(|| Error::BadInput {
            what: what.into(),
            reason: format!("`{s}` is not a date (2022-05-01, 2022/5/1 or 2022年5月1日)"),
        }),
    }
}

/// Candidates `decide "<描述>"` considers and lists when the match is not confident.
const DECIDE_CANDIDATES: usize = 5;

/// Runs a parsed command line: one function per command.
pub fn run(cli: Cli) -> Result<Output> {
    match &cli.command {
        Command::Search(a) => find::search(&cli, a),
        Command::Decide(a) => find::decide(&cli, a),
        Command::Audit(a) => review::audit(&cli, a),
        Command::Labels { json } => maintain::labels(*json),
        Command::Rules { command } => maintain::rules(&cli, command),
        Command::Cases { command } => maintain::cases(&cli, command),
        Command::Keys { command } => packs::keys(command),
        Command::Pack { command } => packs::pack(&cli, command),
    }
}
