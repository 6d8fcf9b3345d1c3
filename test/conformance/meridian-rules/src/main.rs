//! meridian-rules: reads what meridian-admin writes with Meridian's own serde types.
//!
//!   meridian-rules store DUMP           (a) every task:, episode:, _migration_history, _schema_version value
//!   meridian-rules kept BEFORE AFTER    (b) no value a task held before an upgrade is gone after it
//!   meridian-rules cases CASES.json     (c) each field-rule case, accepted or rejected as the case says
//!
//! A dump is JSON lines of `{"key", "value"}`. Each command prints one JSON document and exits 1 when it found
//! a problem (2 for bad usage), so a test can show what disagreed.

mod cases;
mod kept;
mod store;
mod types;

use serde_json::Value;
use std::process::ExitCode;

fn run(args: &[String]) -> Result<(Value, bool), String> {
    match args {
        [command, dump] if command == "store" => {
            let report = store::check_store(&store::read_dump(dump)?);
            let ok = report["errors"].as_array().map_or(false, Vec::is_empty);
            Ok((report, ok))
        }
        [command, before, after] if command == "kept" => {
            let report = kept::check_kept(&store::read_dump(before)?, &store::read_dump(after)?);
            let ok = report["lost"].as_array().map_or(false, Vec::is_empty);
            Ok((report, ok))
        }
        [command, file] if command == "cases" => {
            let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
            let cases: cases::CasesFile = serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
            let report = cases::run_cases(&cases);
            let ok = report["disagreements"].as_array().map_or(false, Vec::is_empty);
            Ok((report, ok))
        }
        _ => Err("usage: meridian-rules store DUMP | kept BEFORE AFTER | cases CASES.json".to_string()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok((report, ok)) => {
            println!("{report}");
            if ok { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Err(problem) => {
            eprintln!("{problem}");
            ExitCode::from(2)
        }
    }
}
