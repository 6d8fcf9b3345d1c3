import { z } from 'zod'
import { specRefSchema, taskBaseShape, u32 } from './task-common.ts'
import { taskV2FieldsShape } from './task-v2-fields.ts'

/**
 * Exactly what Meridian's serde accepts as a `Task`: any `schema_version` (absent = 2), the v2 fields defaulted.
 * The conformance test's subject; taskV2Schema is this at `schema_version` 2.
 */
export const meridianTaskSchema = z.looseObject({
  ...taskBaseShape,
  schema_version: u32.optional(),
  spec_ref: specRefSchema.nullish(),
  ...taskV2FieldsShape
})
