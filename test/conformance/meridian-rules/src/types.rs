//! Meridian's record types as its STORE-FORMAT sheet gives them: the Rust types and serde attributes decide what
//! Meridian's `serde_json` accepts. No `deny_unknown_fields` anywhere: unknown fields are ignored.
#![allow(dead_code)] // the fields are read by serde only

use chrono::{DateTime, Utc};
use serde::Deserialize;

pub const CURRENT_SCHEMA_VERSION: u32 = 2;

#[derive(Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Pending,
    InProgress,
    Blocked,
    Done,
    Cancelled,
}

#[derive(Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum TaskPriority {
    Low,
    Medium,
    High,
    Critical,
}

#[derive(Deserialize, Debug)]
pub struct SpecRef {
    pub spec_name: String,
    pub section: String,
}

#[derive(Deserialize, Debug)]
pub struct StatusChange {
    pub timestamp: DateTime<Utc>,
    pub from: Option<TaskStatus>,
    pub to: TaskStatus,
    pub note: Option<String>,
}

fn current_version() -> u32 {
    CURRENT_SCHEMA_VERSION
}

fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Task (v2), with Meridian's defaults for absent fields.
#[derive(Deserialize, Debug)]
pub struct Task {
    #[serde(default = "current_version")]
    pub schema_version: u32,
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub status: TaskStatus,
    pub priority: TaskPriority,
    pub spec_ref: Option<SpecRef>,
    pub session_id: Option<String>,
    pub active_session_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
    #[serde(default = "now")]
    pub last_activity: DateTime<Utc>,
    pub timeout_hours: Option<u32>,
    #[serde(default)]
    pub history: Vec<StatusChange>,
    #[serde(default)]
    pub tags: Vec<String>,
    pub estimated_hours: Option<f32>,
    pub actual_hours: Option<f32>,
    pub commit_hash: Option<String>,
    pub episode_id: Option<String>,
    #[serde(default)]
    pub depends_on: Vec<String>,
    #[serde(default)]
    pub related_tasks: Vec<String>,
}

/// Task v1 as Meridian's v1 → v2 migration reads it: `history` and `tags` required.
#[derive(Deserialize, Debug)]
pub struct TaskV1 {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub status: TaskStatus,
    pub priority: TaskPriority,
    pub spec_ref: Option<SpecRef>,
    pub session_id: Option<String>,
    pub active_session_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
    pub history: Vec<StatusChange>,
    pub tags: Vec<String>,
    pub estimated_hours: Option<f32>,
    pub actual_hours: Option<f32>,
    pub commit_hash: Option<String>,
    pub episode_id: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct ContextSnapshot {
    pub active_files: Vec<String>,
    pub active_symbols: Vec<String>,
    pub working_directory: Option<String>,
}

#[derive(Deserialize, Debug)]
pub enum Outcome {
    Success,
    Failure,
    Partial,
}

fn episode_version() -> u32 {
    1
}

#[derive(Deserialize, Debug)]
pub struct TaskEpisode {
    #[serde(default = "episode_version")]
    pub schema_version: u32,
    pub id: String,
    pub timestamp: DateTime<Utc>,
    pub task_description: String,
    pub initial_context: ContextSnapshot,
    pub queries_made: Vec<String>,
    pub files_touched: Vec<String>,
    pub solution_path: String,
    pub outcome: Outcome,
    pub tokens_used: u32,
    #[serde(default)]
    pub access_count: u32,
    #[serde(default)]
    pub pattern_value: f32,
}

#[derive(Deserialize, Debug)]
pub struct MigrationResult {
    pub from_version: u32,
    pub to_version: u32,
    pub started_at: DateTime<Utc>,
    pub completed_at: DateTime<Utc>,
    pub items_migrated: usize,
    pub backup_key: Option<String>,
    pub success: bool,
    pub error: Option<String>,
}

#[derive(Deserialize, Debug)]
pub struct MigrationHistory {
    pub migrations: Vec<MigrationResult>,
}

/// Deserializes `json` as the record type named `kind`, as Meridian would; Err carries serde's message.
pub fn read_as(kind: &str, json: &str) -> Result<(), String> {
    let outcome = match kind {
        "task" => serde_json::from_str::<Task>(json).map(drop),
        "task_v1" => serde_json::from_str::<TaskV1>(json).map(drop),
        "episode" => serde_json::from_str::<TaskEpisode>(json).map(drop),
        "migration_result" => serde_json::from_str::<MigrationResult>(json).map(drop),
        "migration_history" => serde_json::from_str::<MigrationHistory>(json).map(drop),
        "schema_version" => serde_json::from_str::<u32>(json).map(drop),
        other => return Err(format!("unknown record type {other}")),
    };
    outcome.map_err(|error| error.to_string())
}
