import { z } from 'zod'
import { specRefSchema, taskBaseShape } from './task-common.ts'

/** Task v1: Meridian's original record. `schema_version` is absent on the oldest records, which are v1. */
export const taskV1Schema = z.looseObject({
  ...taskBaseShape,
  schema_version: z.literal(1).optional(),
  spec_ref: specRefSchema.nullish()
})
export type TaskV1 = z.infer<typeof taskV1Schema>
