//! (b) After an upgrade, every value a task held before is still there: same key, same field, same JSON value.
//! Only `schema_version` may change.

use crate::store::DumpEntry;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

fn object(text: &str) -> Option<Map<String, Value>> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    }
}

pub fn check_kept(before: &[DumpEntry], after: &[DumpEntry]) -> Value {
    let after_by_key: HashMap<&str, &str> = after.iter().map(|entry| (entry.key.as_str(), entry.value.as_str())).collect();
    let mut lost: Vec<Value> = Vec::new();
    let mut tasks = 0u64;
    let mut values = 0u64;
    for entry in before.iter().filter(|entry| entry.key.starts_with("task:")) {
        tasks += 1;
        let Some(old) = object(&entry.value) else {
            lost.push(json!({ "key": entry.key, "field": null, "error": "the before value is not a JSON object" }));
            continue;
        };
        let Some(new) = after_by_key.get(entry.key.as_str()).and_then(|text| object(text)) else {
            lost.push(json!({ "key": entry.key, "field": null, "error": "the task is gone, or no longer a JSON object" }));
            continue;
        };
        for (field, value) in &old {
            if field == "schema_version" {
                continue;
            }
            values += 1;
            if new.get(field) != Some(value) {
                lost.push(json!({ "key": entry.key, "field": field, "before": value, "after": new.get(field) }));
            }
        }
    }
    json!({ "tasks": tasks, "values": values, "lost": lost })
}
