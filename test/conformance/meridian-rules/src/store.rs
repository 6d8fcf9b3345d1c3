//! (a) A dump of a store read with Meridian's rules, key by key, the way Meridian reads it at start-up.

use crate::types::{read_as, CURRENT_SCHEMA_VERSION};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// One line of a dump: a key and its value, both as text (every value Meridian's records hold is JSON).
#[derive(Deserialize)]
pub struct DumpEntry {
    pub key: String,
    pub value: String,
}

pub fn read_dump(path: &str) -> Result<Vec<DumpEntry>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(n, line)| serde_json::from_str(line).map_err(|e| format!("{path} line {}: {e}", n + 1)))
        .collect()
}

/// Counts per record type and every key Meridian would fail on, with serde's message.
pub fn check_store(entries: &[DumpEntry]) -> Value {
    let mut errors: Vec<Value> = Vec::new();
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    let version_entry = entries.iter().find(|entry| entry.key == "_schema_version");
    let version = match version_entry {
        None => 1,
        Some(entry) => match serde_json::from_str::<u32>(&entry.value) {
            Ok(version) => version,
            Err(error) => {
                errors.push(json!({ "key": entry.key, "error": error.to_string() }));
                0
            }
        },
    };
    if version > CURRENT_SCHEMA_VERSION {
        errors.push(json!({ "key": "_schema_version", "error": format!("Database schema is newer than this version of Meridian supports ({version} > {CURRENT_SCHEMA_VERSION})") }));
    }
    // At v2 Meridian reads tasks as Task; below, its migration reads them as TaskV1.
    let task_type = if version >= CURRENT_SCHEMA_VERSION { "task" } else { "task_v1" };
    for entry in entries {
        let kind = if entry.key.starts_with("task:") {
            task_type
        } else if entry.key.starts_with("episode:") {
            "episode"
        } else if entry.key == "_migration_history" {
            "migration_history"
        } else if entry.key == "_schema_version" {
            "schema_version"
        } else {
            *counts.entry("other").or_default() += 1;
            continue;
        };
        *counts.entry(kind).or_default() += 1;
        if let Err(error) = read_as(kind, &entry.value) {
            errors.push(json!({ "key": entry.key, "type": kind, "error": error }));
        }
    }
    json!({ "version": version, "counts": counts, "errors": errors })
}
