/** The words demo records are made of: enough variety for a store that looks lived in. */
export const VERBS = ['Implement', 'Fix', 'Refactor', 'Add', 'Remove', 'Document', 'Optimise', 'Investigate', 'Migrate', 'Test']
export const OBJECTS = [
  'retry logic',
  'cache invalidation',
  'pagination',
  'error reporting',
  'session handling',
  'compaction',
  'index rebuild',
  'rate limiting',
  'schema validation',
  'backup rotation',
  'search ranking',
  'config loading'
]
export const COMPONENTS = [
  'the task API',
  'the storage layer',
  'the MCP server',
  'the episode recorder',
  'the spec parser',
  'the CLI',
  'the session manager',
  'the graph builder',
  'the indexer',
  'the web dashboard'
]
export const DETAILS = [
  'Users reported intermittent failures under load.',
  'Keep the change backwards compatible with existing stores.',
  'Add tests that cover the empty and the very large case.',
  'Measure before and after; the p95 latency matters.',
  'See the discussion in the last planning session.',
  'Blocked until the upstream fix is released.',
  'The current behaviour silently drops records.',
  'Follow the conventions in the spec section referenced.'
]
export const TAGS = ['backend', 'frontend', 'storage', 'api', 'performance', 'bug', 'docs', 'security', 'testing', 'infra', 'ux', 'tech-debt']
export const SPECS = [
  { spec_name: 'storage-engine', sections: ['2.1 Key layout', '3.4 Compaction', '5 Backups'] },
  { spec_name: 'task-tracking', sections: ['1 Overview', '2.3 Status transitions', '4 Dependencies'] },
  { spec_name: 'mcp-protocol', sections: ['3.1 Tools', '3.2 Resources', '6 Errors'] },
  { spec_name: 'episodic-memory', sections: ['2 Recording', '4.1 Retention'] }
]
export const NOTES: Record<string, readonly string[]> = {
  in_progress: ['Picked up', 'Started after planning', 'Reopened after regression'],
  blocked: ['Waiting on review', 'Needs design input', 'Blocked by an upstream fix'],
  done: ['Done, merged', 'Shipped in the last release', 'Verified in staging'],
  cancelled: ['No longer needed', 'Superseded by another task', 'Duplicate']
}
export const SOURCE_FILES = [
  'src/storage/mod.rs',
  'src/storage/rocksdb.rs',
  'src/mcp/server.rs',
  'src/mcp/tools.rs',
  'src/tasks/types.rs',
  'src/tasks/manager.rs',
  'src/memory/episodic.rs',
  'src/specs/parser.rs',
  'README.md',
  'tests/e2e.rs'
]
export const SYMBOLS = [
  'Storage::put',
  'TaskManager::update_status',
  'EpisodicMemory::record',
  'SpecParser::parse',
  'McpServer::handle',
  'MigrationManager::migrate',
  'Task',
  'TaskEpisode',
  'IndexManager::rebuild'
]
export const QUERIES = [
  'where are task indexes updated',
  'how does compaction run',
  'callers of Storage::put',
  'spec for status transitions',
  'recent episodes about backups',
  'tests touching the MCP server',
  'what writes _schema_version'
]
