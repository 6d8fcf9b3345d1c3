//! (c) The shared field-rule cases: each sets (or removes) one field of a valid base record and says whether
//! Meridian accepts the result; this runs each through Meridian's serde types.

use crate::types::read_as;
use serde::Deserialize;
use serde_json::{json, Map, Value};

#[derive(Deserialize)]
pub struct CasesFile {
    /// A valid record per record type.
    pub bases: Map<String, Value>,
    pub cases: Vec<Case>,
}

#[derive(Deserialize)]
pub struct Case {
    #[serde(rename = "type")]
    pub kind: String,
    /// Where the value goes: field names and array indexes from the record's top level.
    pub path: Vec<Value>,
    /// The value to set (`null` included); ignored when `absent`.
    #[serde(default)]
    pub value: Value,
    #[serde(default)]
    pub absent: bool,
    pub accepts: bool,
    pub rule: String,
}

/// The base record with `case` applied; for a bare value type (`schema_version`) the value itself.
pub fn build(bases: &Map<String, Value>, case: &Case) -> Result<Value, String> {
    let mut record = bases.get(&case.kind).cloned().ok_or(format!("no base for {}", case.kind))?;
    if case.path.is_empty() {
        return Ok(case.value.clone());
    }
    let (last, parents) = case.path.split_last().unwrap();
    let mut at = &mut record;
    for step in parents {
        at = match step {
            Value::String(field) => at.get_mut(field.as_str()),
            Value::Number(index) => at.get_mut(index.as_u64().unwrap_or(u64::MAX) as usize),
            _ => None,
        }
        .ok_or(format!("path {:?} is not in the base", case.path))?;
    }
    let field = last.as_str().ok_or("the last path step must be a field name")?;
    let target = at.as_object_mut().ok_or(format!("path {:?} does not end in an object field", case.path))?;
    if case.absent {
        target.remove(field);
    } else {
        target.insert(field.to_string(), case.value.clone());
    }
    Ok(record)
}

pub fn run_cases(file: &CasesFile) -> Value {
    let mut disagreements: Vec<Value> = Vec::new();
    for (index, case) in file.cases.iter().enumerate() {
        let outcome = build(&file.bases, case).and_then(|record| {
            let text = serde_json::to_string(&record).map_err(|e| e.to_string())?;
            Ok(read_as(&case.kind, &text))
        });
        match outcome {
            Err(problem) => disagreements.push(json!({ "case": index, "rule": case.rule, "error": problem })),
            Ok(read) if read.is_ok() != case.accepts => disagreements.push(json!({
                "case": index, "rule": case.rule, "type": case.kind, "path": case.path, "value": case.value,
                "expected": case.accepts, "meridian": read.is_ok(), "serde": read.err()
            })),
            Ok(_) => {}
        }
    }
    json!({ "cases": file.cases.len(), "disagreements": disagreements })
}
