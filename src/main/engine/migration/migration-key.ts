import type { Migration } from './migration.ts'

/** Names a migration in data that crosses threads: its key prefix and versions (`task:1>2`). */
export const migrationKey = (migration: Pick<Migration, 'keyPrefix' | 'from' | 'to'>): string => `${migration.keyPrefix}${migration.from}>${migration.to}`
