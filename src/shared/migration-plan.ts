import { z } from 'zod'
import { pendingStepSchema } from './store-status.ts'

/**
 * What a migration to a target would run, as the engine plans it before any byte is written (`migration.plan`,
 * and the CLI's `migrate` before it starts): from the store's version to the target, step by step. No steps when
 * the store is already there.
 */
export const migrationPlanSchema = z.object({ from: z.number().int(), to: z.number().int(), steps: z.array(pendingStepSchema) })
export type MigrationPlan = z.infer<typeof migrationPlanSchema>
