import { describeProblem, type RecordProblem } from '../../../shared/repair.ts'

/** At most this many records are named in a refusal's message; the rest are counted. */
const NAMED_IN_MESSAGE = 5

/** A record's problems in one line: `status: Invalid option; priority: Invalid option`. */
export function reasons(problems: readonly RecordProblem[]): string {
  return problems.map(describeProblem).join('; ')
}

/** The first few items, then how many more. */
export function namedList(items: readonly string[]): string {
  const named = items.slice(0, NAMED_IN_MESSAGE).join(', ')
  return items.length > NAMED_IN_MESSAGE ? `${named} and ${items.length - NAMED_IN_MESSAGE} more` : named
}
