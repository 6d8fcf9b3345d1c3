import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { mirroredRefinement } from '../../../../../src/main/engine/migration/predicate/predicate-source.ts'
import { mulberry32 } from '../../../../../src/main/demo/demo-store.ts'
import { populateTestDemo } from '../../../../helpers/demo-v3.ts'
import { compileSchemaPredicate } from '../../../../../src/main/engine/migration/predicate/schema-predicate.ts'
import { specRefSchema, statusChangeSchema } from '../../../../../src/main/engine/schemas/task-common.ts'
import { taskV1Schema } from '../../../../../src/main/engine/schemas/task-v1.ts'
import { taskV2Schema } from '../../../../../src/main/engine/schemas/task-v2.ts'
import { taskV3Schema } from '../../../../helpers/example-set.ts'
import { useTempStores } from '../../../../helpers/temp-store.ts'
import { taskV1, taskV2, taskV3 } from '../../../../helpers/tasks.ts'

const stores = useTempStores()

type Json = Record<string, unknown>

/** Values a field may be given by a corrupt record or a faulty transform: every JSON kind and a few JS-only ones. */
const REPLACEMENTS: readonly unknown[] = [
  undefined,
  null,
  '',
  'x',
  'pending',
  'Done',
  'low',
  0,
  -0,
  1,
  2,
  3,
  1.5,
  -1,
  4294967295,
  4294967296,
  2 ** 53,
  '1',
  true,
  false,
  [],
  [''],
  ['x', 1],
  {},
  { spec_name: 'a', section: 'b' },
  { spec_name: 'a' },
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e308,
  '2024-01-01T00:00:00Z',
  '2024-02-29T12:30:00.123+05:30',
  '2023-02-29T00:00:00Z',
  '2024-01-01T00:00:00',
  '2024-01-01 00:00:00Z',
  '2024-13-01T00:00:00Z',
  '2024-01-01T24:00:00Z',
  '2024-01-01T00:00:00.Z',
  ' 2024-01-01T00:00:00Z',
  '2024-01-01T00:00:00Z\n',
  '2024-01-01T00:00:00+0530',
  '2024-01-01T23:59:60Z',
  '2024-01-01T00:00:00.1234567890Z',
  [{ timestamp: '2024-01-01T00:00:00Z', to: 'done' }],
  [{ timestamp: '2024-01-01T00:00:00Z', to: 'finished' }],
  [{ to: 'done' }],
  () => 'x'
]

/** Every way of changing one field of `record` (top level, or one level into an object or an array's first item). */
function* mutationsOf(record: Json): Generator<unknown> {
  for (const key of [...Object.keys(record), 'schema_version', 'spec_ref', 'spec_refs', 'depends_on', 'unknown_field']) {
    const { [key]: _dropped, ...without } = record
    yield without
    for (const value of REPLACEMENTS) yield { ...record, [key]: value }
    const inner = record[key]
    const first = Array.isArray(inner) ? inner[0] : inner
    if (first && typeof first === 'object') {
      for (const innerKey of Object.keys(first)) {
        for (const value of REPLACEMENTS) {
          const changed = { ...first, [innerKey]: value }
          yield { ...record, [key]: Array.isArray(inner) ? [changed, ...inner.slice(1)] : changed }
        }
      }
    }
  }
}

/** The predicate and zod answer the same for `value`; returns how many values were compared. */
function expectAgreement(schema: z.ZodType, values: Iterable<unknown>): number {
  const holds = compileSchemaPredicate(schema)
  expect(holds).not.toBeNull()
  let compared = 0
  for (const value of values) {
    const expected = schema.safeParse(value).success
    if (holds!(value) !== expected) throw new Error(`predicate says ${!expected}, zod ${expected}, for ${JSON.stringify(value)}`)
    compared++
  }
  return compared
}

async function demoRecords(version: 1 | 2 | 3): Promise<Json[]> {
  const store = await stores.newStore()
  await populateTestDemo(store, { count: 150, version, episodes: 1 })
  const entries = await store.db.iterator({ gte: Buffer.from('task:'), lt: Buffer.from('task;') }).all()
  return entries.map(([, value]) => JSON.parse(value.toString('utf8')) as Json)
}

describe('compiled schema predicates', () => {
  it.each([
    ['v1', taskV1Schema, 1, taskV1],
    ['v2', taskV2Schema, 2, taskV2],
    ['v3', taskV3Schema, 3, taskV3]
  ] as const)('agree with zod on every demo task %s record and on each one-field mutation of them', async (_name, schema, version, fixture) => {
    const records = [fixture(), ...(await demoRecords(version))]
    expect(expectAgreement(schema, records)).toBe(records.length)
    expect(records.every((record) => schema.safeParse(record).success)).toBe(true)
    const mutated = records.slice(0, 40).flatMap((record) => [...mutationsOf(record)])
    expect(mutated.length).toBeGreaterThan(10_000)
    expect(expectAgreement(schema, mutated)).toBe(mutated.length)
    // The mutations do reach both answers, so agreement is not agreement on "valid" alone.
    const accepted = mutated.filter((value) => schema.safeParse(value).success).length
    expect(accepted).toBeGreaterThan(100)
    expect(mutated.length - accepted).toBeGreaterThan(1000)
  })

  it('agree with zod on records that are not plain objects, and on JSON __proto__ and inherited fields', () => {
    const valid = taskV1()
    const values: unknown[] = [
      null,
      undefined,
      'task',
      1,
      [],
      [valid],
      Object.assign(Object.create(null) as Json, valid),
      JSON.parse(JSON.stringify({ ...valid, ['__proto__']: { polluted: true } })),
      Object.assign(Object.create({ title: 'inherited' }) as Json, { ...valid, title: undefined }),
      Object.assign(Object.create({ title: 5 }) as Json, (({ title: _t, ...rest }) => rest)(valid))
    ]
    expect(expectAgreement(taskV1Schema, values)).toBe(values.length)
  })

  it('agree with zod on random date-time strings built from valid and invalid parts', () => {
    const random = mulberry32(7)
    // Each part's first option is valid and is taken 85% of the time, so about a tenth of the strings are valid.
    const pick = <T>(options: readonly T[]): T => (random() < 0.85 ? options[0]! : options[Math.floor(random() * options.length)]!)
    const parts = [
      ['2024', '2023', '1900', '2000', '0000', '99999', '24'],
      ['-'],
      ['01', '02', '12', '13', '00', '1'],
      ['-'],
      ['28', '29', '30', '31', '32', '00', '01'],
      ['T', 't', ' '],
      ['00', '23', '24', '9'],
      [':'],
      ['00', '59', '60'],
      [':', ''],
      ['00', '59', '60', ''],
      ['', '.', '.1', '.123456789'],
      ['Z', 'z', '+05:30', '-23:59', '+24:00', '+0530', '', 'Z ']
    ] as const
    const strings = Array.from({ length: 20_000 }, () => parts.map((options) => pick(options)).join(''))
    const schema = z.looseObject({ at: statusChangeSchema.shape.timestamp })
    expect(
      expectAgreement(
        schema,
        strings.map((at) => ({ at }))
      )
    ).toBe(strings.length)
    expect(strings.filter((at) => schema.safeParse({ at }).success).length).toBeGreaterThan(1000)
  })

  it('agree with zod on small schemas of every supported kind, key absent or present', () => {
    const schemas = [
      z.object({ a: z.unknown() }),
      z.looseObject({ a: z.string().optional() }),
      z.object({ a: z.string().nullable() }),
      z.object({ a: z.string().nullish(), b: z.array(z.number()) }),
      z.object({ a: z.literal([1, 'one']), b: z.boolean() }),
      z.object({ a: z.string().min(3), b: z.iso.date() }),
      z.object({ a: z.uint32().nullish(), b: z.array(z.int().min(0)) }),
      z.object({ a: z.number().int().min(-1).max(2), b: z.array(z.number().gt(0).lt(2)) }),
      z.object({ a: z.int32(), b: z.array(z.float32()) }),
      z.object({ a: z.string().refine(mirroredRefinement((s: string) => s.length === 1)) }),
      specRefSchema
    ]
    const values = REPLACEMENTS.flatMap((a) => [{ a }, { a, b: [1] }, { a, b: true }, { a, b: '2024-02-29' }, { spec_name: a, section: 's' }])
    for (const schema of schemas) expect(expectAgreement(schema, [{}, ...values])).toBe(values.length + 1)
  })

  it.each([
    ['a refinement', z.string().refine((s) => s !== 'x')],
    ['a transform', z.string().transform((s) => s.length)],
    ['a default', z.object({ a: z.string().default('x') })],
    ['a union', z.union([z.string(), z.number()])],
    ['a strict object', z.strictObject({ a: z.string() })],
    ['an object with a typed catchall', z.object({ a: z.string() }).catchall(z.number())],
    ['a record', z.record(z.string(), z.number())],
    ['an e-mail format', z.email()],
    ['a big-int format', z.int64()],
    ['a maximum length', z.string().max(3)],
    ['a coercion', z.coerce.number()],
    ['a numeric enum', z.enum({ A: 1, B: 2 })]
  ])('leave a schema with %s to zod (no predicate)', (_what, schema) => {
    expect(compileSchemaPredicate(schema as z.ZodType)).toBeNull()
  })

  it('compile the Meridian field rules (u32, chrono dates) instead of leaving them to zod', () => {
    expect(compileSchemaPredicate(taskV2Schema)).not.toBeNull()
    expect(compileSchemaPredicate(z.uint32())).not.toBeNull()
    expect(compileSchemaPredicate(statusChangeSchema.shape.timestamp)).not.toBeNull()
  })

  it('leave an object to zod when one of its fields is not supported', () => {
    expect(compileSchemaPredicate(z.looseObject({ a: z.string(), b: z.string().url() }))).toBeNull()
  })
})
